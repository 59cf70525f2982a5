package io.kdp.linux.ipset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.SkBuff;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpSetsTest {
    static String resource(String name) throws IOException {
        try (InputStream in = IpSetsTest.class.getResourceAsStream("/ipset/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static final NetNamespace NS = new NetNamespace("node", new Backlog(new Clock(0)), 1);

    static SkBuff skb(Packet p) {
        return new SkBuff(NS, p, null);
    }

    static Packet udp(String src, int sport, String dst, int dport) {
        return new Packet(null, Ipv4Header.of(IpProtocol.UDP, Ip4.parse(src), Ip4.parse(dst), 1), new UdpHeader(sport, dport), null);
    }

    static Packet tcp(String src, int sport, String dst, int dport) {
        return new Packet(null, Ipv4Header.of(IpProtocol.TCP, Ip4.parse(src), Ip4.parse(dst), 1), new TcpHeader(sport, dport, 1, 0, TcpHeader.SYN, 64240), null);
    }

    /** The save output was produced by ipset 7.17 on Linux from restore-input.txt (fixed initvals). */
    @Test
    void saveMatchesRealIpsetIncludingMemberOrder() throws Exception {
        IpSets sets = new IpSets(1);
        sets.restore(resource("restore-input.txt"));
        assertThat(sets.save()).isEqualTo(resource("save-ipset-7.17.txt"));
    }

    /** 1500 members grow hashsize 64 to 256; deletions leave holes that later adds reuse (real ipset output). */
    @Test
    void resizeAndSlotReuseMatchTheKernel() throws Exception {
        IpSets sets = new IpSets(1);
        sets.restore(resource("big-in.txt"));
        assertThat(sets.save()).isEqualTo(resource("big-out.txt"));
    }

    @Test
    void saveRoundTrips() throws Exception {
        IpSets sets = new IpSets(1);
        sets.restore(resource("restore-input.txt"));
        IpSets copy = new IpSets(2);
        copy.restore(sets.save());
        assertThat(copy.save()).isEqualTo(sets.save());
    }

    @Test
    void kubeProxyCreateLinesAndDefaultInitval() throws Exception {
        IpSets sets = new IpSets(42);
        sets.restore("create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536\nadd KUBE-CLUSTER-IP 10.96.0.10,udp:53\n"
                + "create KUBE-NODE-PORT-TCP bitmap:port range 0-65535\n");
        String save = sets.save();
        assertThat(save).matches("create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x[0-9a-f]{8}\n"
                + "add KUBE-CLUSTER-IP 10.96.0.10,udp:53\ncreate KUBE-NODE-PORT-TCP bitmap:port range 0-65535\n");
        assertThat(new IpSets(42).save()).isEmpty();
        IpSets again = new IpSets(42);
        again.restore("create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536\nadd KUBE-CLUSTER-IP 10.96.0.10,udp:53\n"
                + "create KUBE-NODE-PORT-TCP bitmap:port range 0-65535\n");
        assertThat(again.save()).as("same seed, same initval").isEqualTo(save);
        // a port without protocol is TCP; hashsize rounds up to a power of two, at least 64
        sets.restore("create S hash:ip,port hashsize 1000\nadd S 1.2.3.4,80\ncreate T hash:ip hashsize 3 initval 0x1");
        assertThat(sets.get("S").members()).containsExactly("1.2.3.4,tcp:80");
        assertThat(sets.get("S").createLine()).contains(" hashsize 1024 ");
        assertThat(sets.get("T").createLine()).isEqualTo("create T hash:ip family inet hashsize 64 maxelem 65536 bucketsize 12 initval 0x00000001");
    }

    @Test
    void restoreErrorsNameTheLineAsIpsetDoes() {
        record Case(String input, String message) {}
        List<Case> cases = List.of(
                new Case("create A hash:ip\ncreate A hash:ip", "ipset v7.17: Error in line 2: Set cannot be created: set with the same name already exists"),
                new Case("add B 1.2.3.4", "ipset v7.17: Error in line 1: The set with the given name does not exist"),
                new Case("create A hash:ip\nadd A 1.2.3.4\nadd A 1.2.3.4", "ipset v7.17: Error in line 3: Element cannot be added to the set: it's already added"),
                new Case("create A hash:foo", "ipset v7.17: Error in line 1: Syntax error: typename 'hash:foo' is unknown"),
                new Case("create A hash:ip,port\nadd A 1.2.3.4", "ipset v7.17: Error in line 2: Syntax error: Second element is missing from 1.2.3.4."),
                new Case("create A bitmap:port range 100-200\nadd A 300", "ipset v7.17: Error in line 2: Element is out of the range of the set"),
                new Case("create A hash:ip\ndel A 9.9.9.9", "ipset v7.17: Error in line 2: Element cannot be deleted from the set: it's not added"),
                new Case("create A bitmap:port", "ipset v7.17: Error in line 1: Mandatory option `range' is missing"),
                new Case("create A hash:ip foo 3", "ipset v7.17: Error in line 1: Unknown argument: `foo'"),
                new Case("\n# comment\nbogus A", "ipset v7.17: Error in line 3: No command specified: unknown argument bogus"),
                new Case("create A hash:ip,port\nadd A 1.2.3.4,tcp:99999", "ipset v7.17: Error in line 2: Syntax error: '99999' is out of range 0-65535"),
                new Case("create A hash:net\nadd A 1.2.3.0/24\nadd A 1.2.3.7/24", "ipset v7.17: Error in line 3: Element cannot be added to the set: it's already added"));
        for (Case c : cases) {
            assertThatThrownBy(() -> new IpSets(1).restore(c.input())).as(c.input()).isInstanceOf(IpsetRestoreException.class).hasMessage(c.message());
        }
    }

    @Test
    void existFlagSwapRenameDestroy() throws Exception {
        IpSets sets = new IpSets(1);
        sets.restore("create A hash:ip initval 0x1\ncreate B hash:ip initval 0x2\nadd A 1.1.1.1\nadd A 1.1.1.1 -exist\nadd B 2.2.2.2\ncreate A hash:ip -exist");
        sets.swap("A", "B");
        assertThat(sets.get("A").members()).containsExactly("2.2.2.2");
        assertThat(sets.save()).startsWith("create A hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x00000002\nadd A 2.2.2.2\n");
        sets.rename("B", "C");
        sets.destroy("A");
        sets.restore("create D bitmap:port range 1-10");
        assertThat(sets.sets().stream().map(IpSet::name).toList()).containsExactly("D", "C"); // D took A's free index
        assertThatThrownBy(() -> sets.swap("C", "D")).hasMessage("The sets cannot be swapped: their type does not match");
    }

    @Test
    void setMatchUsesTheFlaggedSideOfEachDimension() throws Exception {
        IpSets sets = new IpSets(1);
        sets.restore("""
                create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536
                add KUBE-CLUSTER-IP 10.96.0.10,udp:53
                create KUBE-LOOP-BACK hash:ip,port,ip family inet hashsize 1024 maxelem 65536
                add KUBE-LOOP-BACK 10.244.1.5,tcp:8080,10.244.1.5
                create KUBE-NODE-PORT-TCP bitmap:port range 0-65535
                add KUBE-NODE-PORT-TCP 30080
                create SRC hash:net
                add SRC 10.0.0.0/8
                add SRC 10.1.2.0/24
                create LB hash:ip,port,net
                add LB 1.2.3.4,tcp:80,192.168.0.0/16
                """);
        SkBuff dns = skb(udp("10.244.2.7", 33000, "10.96.0.10", 53));
        assertThat(sets.test("KUBE-CLUSTER-IP", dns, 2, 0b00)).isTrue(); // dst,dst
        assertThat(sets.test("KUBE-CLUSTER-IP", dns, 2, 0b01)).isFalse(); // src,dst
        assertThat(sets.test("KUBE-CLUSTER-IP", dns, 1, 0b0)).as("fewer flags than dimensions").isFalse();
        assertThat(sets.test("KUBE-CLUSTER-IP", skb(tcp("10.244.2.7", 33000, "10.96.0.10", 53)), 2, 0)).as("protocol is part of the key").isFalse();
        assertThat(sets.test("KUBE-CLUSTER-IP", dns, 3, 0b100)).as("extra flags are ignored").isTrue();
        // hairpin: dst,dst,src after DNAT back to the same pod
        SkBuff hairpin = skb(tcp("10.244.1.5", 41000, "10.244.1.5", 8080));
        assertThat(sets.test("KUBE-LOOP-BACK", hairpin, 3, 0b100)).isTrue();
        assertThat(sets.test("KUBE-LOOP-BACK", skb(tcp("10.244.1.6", 41000, "10.244.1.5", 8080)), 3, 0b100)).isFalse();
        assertThat(sets.test("KUBE-NODE-PORT-TCP", skb(tcp("8.8.8.8", 1, "192.168.49.2", 30080)), 1, 0)).isTrue();
        assertThat(sets.test("KUBE-NODE-PORT-TCP", skb(tcp("8.8.8.8", 30080, "192.168.49.2", 1)), 1, 1)).isTrue();
        Packet ping = new Packet(null, Ipv4Header.of(IpProtocol.ICMP, Ip4.parse("8.8.8.8"), Ip4.parse("192.168.49.2"), 1), new IcmpHeader(8, 0, 0), null);
        assertThat(sets.test("KUBE-NODE-PORT-TCP", skb(ping), 1, 0)).as("bitmap:port needs TCP or UDP").isFalse();
        assertThat(sets.test("SRC", skb(tcp("10.1.2.3", 1, "1.1.1.1", 2)), 1, 1)).isTrue();
        assertThat(sets.test("SRC", skb(tcp("10.200.0.1", 1, "1.1.1.1", 2)), 1, 1)).isTrue();
        assertThat(sets.test("SRC", skb(tcp("11.0.0.1", 1, "1.1.1.1", 2)), 1, 1)).isFalse();
        assertThat(sets.test("LB", skb(tcp("192.168.9.9", 5000, "1.2.3.4", 80)), 3, 0b100)).isTrue();
        assertThat(sets.test("LB", skb(tcp("172.16.9.9", 5000, "1.2.3.4", 80)), 3, 0b100)).isFalse();
        assertThat(sets.test("NOPE", dns, 1, 0)).isFalse();
        assertThat(sets.exists("KUBE-LOOP-BACK")).isTrue();
    }

    @Test
    void packetTestAllocatesNothing() throws Exception {
        IpSets sets = new IpSets(1);
        sets.restore("create C hash:ip,port\nadd C 10.96.0.10,udp:53\ncreate N hash:ip,port,net\nadd N 1.2.3.4,udp:53,10.0.0.0/8\nadd N 1.2.3.4,udp:53,10.244.0.0/16");
        SkBuff dns = skb(udp("10.244.2.7", 33000, "10.96.0.10", 53));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        boolean hit = false;
        for (int i = 0; i < 20_000; i++) hit |= sets.test("C", dns, 2, 0) & !sets.test("N", dns, 3, 0b100); // warm up (JIT)
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) hit |= sets.test("C", dns, 2, 0) & !sets.test("N", dns, 3, 0b100);
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(hit).isTrue();
        assertThat(allocated).as("bytes allocated by 200000 set lookups").isLessThan(10_000);
    }
}
