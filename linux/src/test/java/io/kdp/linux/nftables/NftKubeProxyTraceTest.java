package io.kdp.linux.nftables;

import static io.kdp.linux.nftables.NftFixture.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.DummyDevice;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import org.junit.jupiter.api.Test;

/** kube-proxy's nftables ruleset (as its proxier_test expects it) traced for service traffic. */
class NftKubeProxyTraceTest {
    private NftFixture fixture() throws Exception {
        NftFixture f = new NftFixture(3);
        f.nft.load("kube-proxy-traced.nft", NftFormatTest.resource("kube-proxy-traced.nft"));
        f.steps.clear();
        return f;
    }

    @Test
    void clusterIpPacketFromAPodIsDnatedToAnEndpoint() throws Exception {
        // Seed 3: numgen draws 0, the first endpoint. No rule of the masquerade path matches a pod source.
        NftFixture f = fixture();
        SkBuff skb = f.skb(tcp("10.0.0.2", 40000, "172.30.0.44", 80), f.ns.loopback());
        assertThat(f.ns.netfilter().run(Hook.PREROUTING, skb)).isEqualTo(Verdict.ACCEPT);
        assertThat(f.nftSteps()).containsExactly(
                "nft ip kube-proxy filter-prerouting-pre-dnat: ct state new jump firewall-check  => jump firewall-check",
                "nft ip kube-proxy filter-prerouting-pre-dnat: policy accept  => accept",
                "nft ip kube-proxy nat-prerouting: jump services  => jump services",
                "nft ip kube-proxy services: ip daddr . meta l4proto . th dport vmap @service-ips  => goto service-LAUZTJTB-ns4/svc4/tcp/p80",
                "nft ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80: numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80, "
                        + "1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }  => goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80",
                "nft ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80: meta l4proto tcp dnat to 10.180.0.4:80  => accept",
                "DNAT 172.30.0.44:80 -> 10.180.0.4:80");
        assertThat(skb.packet().dst()).isEqualTo(Ip4.parse("10.180.0.4"));
        assertThat(skb.mark()).as("pod source: no masquerade mark").isZero();
    }

    @Test
    void offClusterSourceIsMarkedAndMasqueraded() throws Exception {
        NftFixture f = fixture();
        DummyDevice eth0 = new DummyDevice(f.ns, "eth0", f.ns.randomMac("eth0"));
        f.ns.addAddress(eth0, Cidr.parse("192.168.0.2/24"));
        f.ns.setUp(eth0);
        SkBuff skb = f.skb(tcp("203.0.113.2", 40000, "172.30.0.44", 80), eth0);
        assertThat(f.ns.netfilter().run(Hook.PREROUTING, skb)).isEqualTo(Verdict.ACCEPT);
        assertThat(skb.mark()).isEqualTo(0x4000);
        f.steps.clear();
        skb.outDev(eth0);
        assertThat(f.ns.netfilter().run(Hook.POSTROUTING, skb)).isEqualTo(Verdict.ACCEPT);
        assertThat(f.nftSteps()).containsExactly(
                "nft ip kube-proxy nat-postrouting: jump masquerading  => jump masquerading",
                "nft ip kube-proxy masquerading: meta mark set meta mark ^ 0x00004000",
                "nft ip kube-proxy masquerading: masquerade fully-random  => accept",
                "MASQUERADE 203.0.113.2:40000 -> " + masqueradedEndpoint(skb));
        assertThat(skb.packet().src()).isEqualTo(Ip4.parse("192.168.0.2"));
        assertThat(skb.mark()).isZero();
    }

    private static String masqueradedEndpoint(SkBuff skb) {
        return Ip4.format(skb.packet().src()) + ":" + skb.packet().srcPort();
    }

    @Test
    void serviceWithoutEndpointsIsRejectedAtInput() throws Exception {
        NftFixture f = fixture();
        f.ns.addAddress(f.ns.loopback(), Cidr.parse("172.30.0.46/32"));
        SkBuff skb = f.skb(tcp("10.0.0.2", 40000, "172.30.0.46", 80), f.ns.loopback());
        assertThat(f.receive(skb)).isEqualTo(Verdict.DROP);
        assertThat(skb.rejected()).isTrue();
        assertThat(f.nftSteps()).containsSubsequence(
                "nft ip kube-proxy filter-input: ct state new jump service-endpoints-check  => jump service-endpoints-check",
                "nft ip kube-proxy service-endpoints-check: ip daddr . meta l4proto . th dport vmap @no-endpoint-services  => goto reject-chain",
                "nft ip kube-proxy reject-chain: reject  => drop");
    }

    @Test
    void unallocatedClusterIpIsDroppedWhenForwarded() throws Exception {
        NftFixture f = fixture();
        SkBuff skb = f.skb(tcp("10.0.0.2", 40000, "172.30.0.50", 80), f.ns.loopback());
        assertThat(f.ns.netfilter().run(Hook.PREROUTING, skb)).isEqualTo(Verdict.ACCEPT);
        assertThat(f.ns.netfilter().run(Hook.FORWARD, skb)).isEqualTo(Verdict.DROP);
        assertThat(skb.dropReason()).isEqualTo("nft ip kube-proxy cluster-ips-check: ip daddr 172.30.0.0/16 drop comment \"Drop traffic to unallocated ClusterIPs\"");
    }
}
