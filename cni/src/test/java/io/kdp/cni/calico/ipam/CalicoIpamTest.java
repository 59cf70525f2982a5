package io.kdp.cni.calico.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalicoIpamTest {
    static final IpPool POOL = IpPool.of("default-ipv4-ippool", Cidr.parse("10.244.0.0/24"));

    static String ip(int a) {
        return Ip4.format(a);
    }

    static Cidr c(String s) {
        return Cidr.parse(s);
    }

    @Test
    void nodesClaimBlocksInPoolOrderAndAllocateFromTheirOwn() {
        CalicoIpam ipam = new CalicoIpam(POOL);
        assertThat(ip(ipam.autoAssign("n1", "h1"))).isEqualTo("10.244.0.0");
        assertThat(ip(ipam.autoAssign("n2", "h2"))).isEqualTo("10.244.0.64");
        assertThat(ip(ipam.autoAssign("n1", "h3"))).isEqualTo("10.244.0.1");
        assertThat(ip(ipam.autoAssign("n3", "h4"))).isEqualTo("10.244.0.128");
        assertThat(ipam.affineBlocks("n1")).containsExactly(c("10.244.0.0/26"));
        assertThat(ipam.affineBlocks("n2")).containsExactly(c("10.244.0.64/26"));
        assertThat(ipam.affinities()).containsOnlyKeys("n1", "n2", "n3");
        assertThat(ipam.borrowedBy("n1")).isEmpty();
    }

    @Test
    void aNodeClaimsANewBlockWhenItsAffineBlocksAreFull() {
        CalicoIpam ipam = new CalicoIpam(POOL.withBlockSize(30));
        for (int i = 0; i < 4; i++) ipam.autoAssign("n1", "h" + i);
        assertThat(ipam.affineBlocks("n1")).containsExactly(c("10.244.0.0/30"));
        assertThat(ip(ipam.autoAssign("n2", "x"))).isEqualTo("10.244.0.4");
        assertThat(ip(ipam.autoAssign("n1", "h4"))).isEqualTo("10.244.0.8");
        assertThat(ipam.affineBlocks("n1")).containsExactly(c("10.244.0.0/30"), c("10.244.0.8/30"));
        // The first affine block with room is used again after a release.
        ipam.release(Ip4.parse("10.244.0.2"));
        assertThat(ip(ipam.autoAssign("n1", "h5"))).isEqualTo("10.244.0.2");
    }

    /** A /24 pool holds four /26 blocks: the fifth node must borrow from the first node's block. */
    @Test
    void theFifthNodeBorrowsFromAnotherNodesBlockWhenNoBlockIsLeft() {
        CalicoIpam ipam = new CalicoIpam(POOL);
        for (int n = 1; n <= 4; n++) ipam.autoAssign("n" + n, "pod-n" + n);
        int borrowed = ipam.autoAssign("n5", "pod-n5");
        assertThat(ip(borrowed)).isEqualTo("10.244.0.1");
        assertThat(ipam.affineBlocks("n5")).isEmpty();
        assertThat(ipam.borrowedBy("n5")).singleElement().satisfies(a -> {
            assertThat(a.block()).isEqualTo(c("10.244.0.0/26"));
            assertThat(a.blockAffinity()).isEqualTo("n1");
            assertThat(a.handle()).isEqualTo("pod-n5");
            assertThat(a.borrowed()).isTrue();
        });
        // n1 still allocates from its own block, after the borrowed address.
        assertThat(ip(ipam.autoAssign("n1", "pod-n1b"))).isEqualTo("10.244.0.2");
        assertThat(ip(ipam.autoAssign("n5", "pod-n5b"))).isEqualTo("10.244.0.3");
        assertThat(ipam.allocationsOn("n5")).extracting(a -> ip(a.address())).containsExactly("10.244.0.1", "10.244.0.3");
    }

    @Test
    void strictAffinityFailsInsteadOfBorrowingWithCalicosMessage() {
        CalicoIpam ipam = new CalicoIpam(List.of(POOL), new IpamConfig(true, 0));
        for (int n = 1; n <= 4; n++) ipam.autoAssign("n" + n, "pod-n" + n);
        assertThatThrownBy(() -> ipam.autoAssign("n5", "pod-n5")).isInstanceOf(IpamException.class)
            .hasMessage("Assigned 0 out of 1 requested IPv4 addresses; No more free affine blocks and strict affinity enabled");
        // Own blocks still serve their node.
        assertThat(ip(ipam.autoAssign("n1", "more"))).isEqualTo("10.244.0.1");
    }

    @Test
    void anExhaustedPoolNamesThePools() {
        CalicoIpam ipam = new CalicoIpam(new IpPool("tiny", c("10.244.0.0/30"), 30, EncapMode.NEVER, EncapMode.NEVER, false, null));
        for (int i = 0; i < 4; i++) ipam.autoAssign("n1", "h" + i);
        assertThatThrownBy(() -> ipam.autoAssign("n2", "x"))
            .hasMessage("Assigned 0 out of 1 requested IPv4 addresses; No IPs available in pools: [10.244.0.0/30]");
    }

    @Test
    void theBlockLimitStopsClaimingAndBorrowing() {
        CalicoIpam ipam = new CalicoIpam(List.of(POOL.withBlockSize(30)), new IpamConfig(false, 1));
        for (int i = 0; i < 4; i++) ipam.autoAssign("n1", "h" + i);
        assertThatThrownBy(() -> ipam.autoAssign("n1", "h4")).hasMessage("cannot allocate new block due to per host block limit");
    }

    @Test
    void releasedAddressesGoToTheBackOfTheFreeList() {
        CalicoIpam ipam = new CalicoIpam(POOL);
        int a = ipam.autoAssign("n1", "a");
        int b = ipam.autoAssign("n1", "b");
        ipam.autoAssign("n1", "c");
        assertThat(ipam.release(b)).isTrue();
        assertThat(ipam.release(b)).isFalse();
        assertThat(ip(ipam.autoAssign("n1", "d"))).isEqualTo("10.244.0.3");
        assertThat(ipam.block(c("10.244.0.0/26")).unallocatedOrdinals()).startsWith(4, 5).endsWith(63, 1);
        assertThat(ipam.releaseByHandle("a")).containsExactly(a);
        assertThat(ipam.allocation(a)).isNull();
        assertThat(ipam.allocation(Ip4.parse("10.244.0.3")).handle()).isEqualTo("d");
        // The block keeps its affinity when empty.
        ipam.releaseByHandle("c");
        ipam.releaseByHandle("d");
        assertThat(ipam.block(c("10.244.0.0/26")).empty()).isTrue();
        assertThat(ipam.affineBlocks("n1")).containsExactly(c("10.244.0.0/26"));
    }

    @Test
    void assignIpClaimsTheBlockAndRefusesDuplicates() {
        CalicoIpam ipam = new CalicoIpam(POOL);
        ipam.assignIp(Ip4.parse("10.244.0.70"), "n2", "static");
        assertThat(ipam.affineBlocks("n2")).containsExactly(c("10.244.0.64/26"));
        assertThatThrownBy(() -> ipam.assignIp(Ip4.parse("10.244.0.70"), "n3", "again"))
            .hasMessage("resource already exists: 10.244.0.70");
        assertThatThrownBy(() -> ipam.assignIp(Ip4.parse("10.9.0.1"), "n3", "x"))
            .hasMessage("The provided IP address is not in a configured pool");
        // Non-strict: another node may take an address in n2's block; it is borrowed.
        ipam.assignIp(Ip4.parse("10.244.0.71"), "n3", "s3");
        assertThat(ipam.borrowedBy("n3")).extracting(a -> ip(a.address())).containsExactly("10.244.0.71");
        // AutoAssign skips the taken ordinal.
        assertThat(ip(ipam.autoAssign("n2", "p"))).isEqualTo("10.244.0.64");
        CalicoIpam strict = new CalicoIpam(List.of(POOL), new IpamConfig(true, 0));
        strict.assignIp(Ip4.parse("10.244.0.70"), "n2", "static");
        assertThatThrownBy(() -> strict.assignIp(Ip4.parse("10.244.0.71"), "n3", "x")).hasMessage("Block host affinity does not match");
    }

    @Test
    void releasingAffinity() {
        CalicoIpam ipam = new CalicoIpam(POOL);
        int a = ipam.autoAssign("n1", "a");
        ipam.autoAssign("n2", "b");
        assertThatThrownBy(() -> ipam.releaseAffinity("n1", c("10.244.0.0/26"), true)).hasMessage("block 10.244.0.0/26 is not empty");
        assertThatThrownBy(() -> ipam.releaseAffinity("n2", c("10.244.0.0/26"), false)).hasMessage("block 10.244.0.0/26 is not affine to n2");
        ipam.releaseAffinity("n1", c("10.244.0.0/26"), false);
        assertThat(ipam.affineBlocks("n1")).isEmpty();
        assertThat(ipam.allocation(a).borrowed()).isTrue();
        // The last release deletes a block with no affinity; the next claim reuses it.
        ipam.release(a);
        assertThat(ipam.block(c("10.244.0.0/26"))).isNull();
        assertThat(ip(ipam.autoAssign("n3", "c"))).isEqualTo("10.244.0.0");
        assertThat(ipam.affineBlocks("n3")).containsExactly(c("10.244.0.0/26"));
    }

    @Test
    void poolValidation() {
        assertThatThrownBy(() -> IpPool.of("p", c("10.244.0.0/16")).withBlockSize(19)).hasMessage("IPPool p: spec.blockSize 19 is not in 20..32");
        assertThatThrownBy(() -> IpPool.of("p", c("10.244.0.1/16"))).hasMessage("IPPool p: spec.cidr 10.244.0.1/16 has host bits set; did you mean 10.244.0.0/16?");
        assertThatThrownBy(() -> IpPool.of("p", c("10.244.0.0/28"))).hasMessage("IPPool p: spec.blockSize /26 is larger than the pool 10.244.0.0/28");
        assertThatThrownBy(() -> IpPool.of("p", c("10.244.0.0/16")).withIpipMode(EncapMode.ALWAYS).withVxlanMode(EncapMode.CROSS_SUBNET))
            .hasMessage("IPPool p: ipipMode Always and vxlanMode CrossSubnet cannot both be enabled");
        assertThatThrownBy(() -> new CalicoIpam(List.of(POOL, IpPool.of("q", c("10.244.0.128/25"))), IpamConfig.DEFAULT))
            .hasMessage("IPPool q (10.244.0.128/25) overlaps IPPool default-ipv4-ippool (10.244.0.0/24)");
        assertThat(EncapMode.parse("CrossSubnet")).isEqualTo(EncapMode.CROSS_SUBNET);
        assertThat(EncapMode.parse("")).isEqualTo(EncapMode.NEVER);
        assertThatThrownBy(() -> EncapMode.parse("always")).hasMessage("'always' is not an encapsulation mode (Always, CrossSubnet or Never)");
        assertThat(POOL.blockCount()).isEqualTo(4);
        assertThat(POOL.block(3)).isEqualTo(c("10.244.0.192/26"));
    }

    @Test
    void theSecondPoolIsUsedWhenTheFirstHasNoFreeBlock() {
        IpPool second = IpPool.of("second", c("10.245.0.0/26"));
        CalicoIpam ipam = new CalicoIpam(List.of(IpPool.of("first", c("10.244.0.0/26")), second), IpamConfig.DEFAULT);
        ipam.autoAssign("n1", "a");
        assertThat(ip(ipam.autoAssign("n2", "b"))).isEqualTo("10.245.0.0");
        assertThat(ip(ipam.autoAssign("n3", "c"))).isEqualTo("10.244.0.1");
    }
}
