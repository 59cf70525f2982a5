package io.kdp.linux.conntrack;

import static io.kdp.linux.conntrack.CtFixture.echo;
import static io.kdp.linux.conntrack.CtFixture.icmpError;
import static io.kdp.linux.conntrack.CtFixture.ip;
import static io.kdp.linux.conntrack.CtFixture.tcp;
import static io.kdp.linux.conntrack.CtFixture.udp;
import static io.kdp.packet.TcpHeader.ACK;
import static io.kdp.packet.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.NetDevice;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.Priority;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NatTest {
    static final String CLIENT = "10.244.1.5", VIP = "10.96.0.10", POD = "10.244.2.7", NODE = "192.168.0.10", DNS = "8.8.8.8";

    final CtFixture f = new CtFixture();
    final Nat nat = f.ct.nat();
    final AtomicInteger dnatCalls = new AtomicInteger();

    /** A PREROUTING nat chain: DNAT VIP:80 to POD:8080, like a KUBE-SEP rule. */
    void registerServiceDnat() {
        nat.registerNatFunction(Hook.PREROUTING, Priority.NAT_DST, "iptables nat", (skb, hook) -> {
            dnatCalls.incrementAndGet();
            Packet p = skb.packet();
            if (p.dst() == ip(VIP) && p.dstPort() == 80) return nat.setup(skb, NatType.DST, NatRange.to(ip(POD), 8080));
            return Verdict.ACCEPT;
        });
    }

    /** A POSTROUTING nat chain that masquerades everything leaving eth0. */
    NetDevice registerMasquerade(NatRange range) {
        NetDevice eth0 = f.device("eth0");
        nat.masqueradeSource((out, nh) -> out == eth0 ? ip(NODE) : 0);
        nat.registerNatFunction(Hook.POSTROUTING, Priority.NAT_SRC, "iptables nat",
                (skb, hook) -> skb.outDev() == eth0 ? nat.masquerade(skb, range) : Verdict.ACCEPT);
        return eth0;
    }

    SkBuff out(Packet p, NetDevice dev) {
        SkBuff skb = f.skb(p);
        skb.outDev(dev);
        f.forward(skb);
        return skb;
    }

    @Test
    void natCoreHooksAppearWithTheFirstNatFunction() {
        assertThat(f.ns.netfilter().entries(Hook.PREROUTING)).extracting(HookEntry::owner).containsExactly("conntrack");
        registerServiceDnat();
        assertThat(f.ns.netfilter().entries(Hook.PREROUTING)).extracting(HookEntry::owner).containsExactly("conntrack", "nat");
        assertThat(f.ns.netfilter().entries(Hook.POSTROUTING)).extracting(HookEntry::owner, HookEntry::priority)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nat", Priority.NAT_SRC),
                        org.assertj.core.groups.Tuple.tuple("conntrack", Priority.CONNTRACK_CONFIRM));
        nat.unregisterNatFunctions("iptables nat");
        assertThat(f.ns.netfilter().entries(Hook.PREROUTING)).extracting(HookEntry::owner).containsExactly("conntrack");
        assertThatThrownBy(() -> nat.registerNatFunction(Hook.FORWARD, 0, "x", (s, h) -> Verdict.ACCEPT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not FORWARD");
    }

    @Test
    void dnatBindingIsMadeOnceAppliedToLaterPacketsAndUndoneOnReplies() {
        registerServiceDnat();
        SkBuff syn = f.fwd(tcp(CLIENT, 41000, VIP, 80, SYN, 1000, 0));
        assertThat(syn.packet().dst()).isEqualTo(ip(POD));
        assertThat(syn.packet().dstPort()).isEqualTo(8080);
        assertThat(f.ct.listLines()).containsExactly("tcp      6 120 SYN_SENT src=10.244.1.5 dst=10.96.0.10 sport=41000 dport=80 [UNREPLIED] "
                + "src=10.244.2.7 dst=10.244.1.5 sport=8080 dport=41000 mark=0 use=1");
        assertThat(syn.ct().status() & CtStatus.NAT_MASK).isEqualTo(CtStatus.DST_NAT);
        assertThat(syn.ct().has(CtStatus.DST_NAT_DONE | CtStatus.SRC_NAT_DONE)).isTrue(); // SRC got a null binding

        SkBuff synAck = f.fwd(tcp(POD, 8080, CLIENT, 41000, SYN | ACK, 5000, 1001));
        assertThat(Ip4.format(synAck.packet().src()) + ":" + synAck.packet().srcPort()).isEqualTo("10.96.0.10:80");
        assertThat(synAck.packet().dst()).isEqualTo(ip(CLIENT));

        SkBuff ack = f.fwd(tcp(CLIENT, 41000, VIP, 80, ACK, 1001, 5001));
        assertThat(ack.packet().dst()).isEqualTo(ip(POD));
        assertThat(ack.ctInfo()).isEqualTo(CtInfo.ESTABLISHED);
        assertThat(dnatCalls.get()).isEqualTo(1); // only the first packet of the connection sees the nat chain
        assertThat(f.steps(Step.Nat.class)).extracting(Step::text).containsExactly(
                "DNAT 10.96.0.10:80 -> 10.244.2.7:8080",
                "un-DNAT 10.244.2.7:8080 -> 10.96.0.10:80",
                "DNAT 10.96.0.10:80 -> 10.244.2.7:8080");
    }

    @Test
    void connectionWithoutRuleGetsNullBindingsAndIsNotRewritten() {
        registerServiceDnat();
        SkBuff skb = f.fwd(tcp(CLIENT, 41000, POD, 9090, SYN, 1, 0));
        ConntrackEntry e = skb.ct();
        assertThat(e.has(CtStatus.DST_NAT_DONE | CtStatus.SRC_NAT_DONE)).isTrue();
        assertThat(e.status() & CtStatus.NAT_MASK).isZero();
        assertThat(skb.packet()).isEqualTo(tcp(CLIENT, 41000, POD, 9090, SYN, 1, 0));
        assertThat(f.steps(Step.Nat.class)).isEmpty();
    }

    @Test
    void withoutNatFunctionsNoBindingIsMade() {
        SkBuff skb = f.fwd(tcp(CLIENT, 41000, POD, 9090, SYN, 1, 0));
        assertThat(skb.ct().status() & CtStatus.NAT_DONE_MASK).isZero();
    }

    @Test
    void natFunctionsRunInPriorityOrderUntilOneBinds() {
        StringBuilder order = new StringBuilder();
        nat.registerNatFunction(Hook.PREROUTING, 10, "late", (skb, h) -> {
            order.append("late ");
            return Verdict.ACCEPT;
        });
        nat.registerNatFunction(Hook.PREROUTING, -100, "early", (skb, h) -> {
            order.append("early ");
            return nat.setup(skb, NatType.DST, NatRange.to(ip(POD), 0));
        });
        SkBuff skb = f.fwd(tcp(CLIENT, 41000, VIP, 80, SYN, 1, 0));
        assertThat(order.toString()).isEqualTo("early ");
        assertThat(skb.packet().dst()).isEqualTo(ip(POD));
        assertThat(skb.packet().dstPort()).isEqualTo(80); // no port given: the port is kept
    }

    @Test
    void natChainDropEndsTheHook() {
        nat.registerNatFunction(Hook.PREROUTING, 0, "dropper", (skb, h) -> skb.drop("nat chain says no"));
        SkBuff skb = f.skb(tcp(CLIENT, 41000, VIP, 80, SYN, 1, 0));
        assertThat(f.forward(skb)).isEqualTo(Verdict.DROP);
        assertThat(f.ct.count()).isZero(); // never confirmed
    }

    @Test
    void masqueradeKeepsTheSourcePortWhenFree() {
        NetDevice eth0 = registerMasquerade(NatRange.to(0, 0));
        SkBuff q = out(udp(CLIENT, 41000, DNS, 53), eth0);
        assertThat(Ip4.format(q.packet().src()) + ":" + q.packet().srcPort()).isEqualTo("192.168.0.10:41000");
        assertThat(q.ct().masqIndex()).isEqualTo(eth0.ifindex());
        assertThat(f.ct.listLines()).containsExactly("udp      17 30 src=10.244.1.5 dst=8.8.8.8 sport=41000 dport=53 [UNREPLIED] "
                + "src=8.8.8.8 dst=192.168.0.10 sport=53 dport=41000 mark=0 use=1");
        SkBuff r = f.fwd(udp(DNS, 53, NODE, 41000));
        assertThat(Ip4.format(r.packet().dst()) + ":" + r.packet().dstPort()).isEqualTo("10.244.1.5:41000");
        assertThat(f.steps(Step.Nat.class)).extracting(Step::text).containsExactly(
                "MASQUERADE 10.244.1.5:41000 -> 192.168.0.10:41000", "un-SNAT 192.168.0.10:41000 -> 10.244.1.5:41000");
    }

    /** The port nf_nat_l4proto_unique_tuple picks first: 1024 + (random u16 % 64512), from the namespace's seeded random. */
    static int firstRandomPort(long seed) {
        int off = new SplittableRandom(seed ^ "n".hashCode()).nextInt(65536);
        return 1024 + off % (65535 - 1024 + 1);
    }

    /** Two clients with source port 41000 masqueraded in a namespace seeded with {@code seed}; returns the second one's port. */
    static int secondClientPort(long seed) {
        NatTest t = new NatTest();
        t.f.ns.reseed(seed);
        NetDevice eth0 = t.registerMasquerade(NatRange.to(0, 0));
        SkBuff a = t.out(udp(CLIENT, 41000, DNS, 53), eth0);
        assertThat(a.packet().srcPort()).isEqualTo(41000);
        SkBuff b = t.out(udp("10.244.1.6", 41000, DNS, 53), eth0);
        assertThat(b.packet().src()).isEqualTo(ip(NODE));
        // replies reach the right clients
        assertThat(Ip4.format(t.f.fwd(udp(DNS, 53, NODE, b.packet().srcPort())).packet().dst())).isEqualTo("10.244.1.6");
        assertThat(Ip4.format(t.f.fwd(udp(DNS, 53, NODE, 41000)).packet().dst())).isEqualTo("10.244.1.5");
        return b.packet().srcPort();
    }

    @Test
    void secondClientWithTheSamePortGetsAnotherPortDeterministically() {
        assertThat(secondClientPort(1)).isEqualTo(firstRandomPort(1)).isNotEqualTo(41000);
        assertThat(secondClientPort(1)).isEqualTo(secondClientPort(1));
        assertThat(secondClientPort(2)).isEqualTo(firstRandomPort(2)).isNotEqualTo(secondClientPort(1));
    }

    @Test
    void privilegedSourcePortsStayPrivileged() {
        NetDevice eth0 = registerMasquerade(NatRange.to(0, 0));
        out(udp(CLIENT, 123, DNS, 123), eth0);
        SkBuff b = out(udp("10.244.1.6", 123, DNS, 123), eth0);
        int off = new SplittableRandom(1 ^ "n".hashCode()).nextInt(65536);
        assertThat(b.packet().srcPort()).isEqualTo(1 + off % 511);
        out(udp(CLIENT, 700, DNS, 123), eth0);
        SkBuff c = out(udp("10.244.1.6", 700, DNS, 123), eth0);
        assertThat(c.packet().srcPort()).isBetween(600, 1023);
    }

    @Test
    void randomFullyRandomisesEvenAFreePort() {
        NetDevice eth0 = registerMasquerade(new NatRange(0, 0, 0, 0, false, true, false));
        SkBuff a = out(udp(CLIENT, 41000, DNS, 53), eth0);
        assertThat(a.packet().srcPort()).isEqualTo(firstRandomPort(1));
        SkBuff a2 = out(udp(CLIENT, 41000, DNS, 53), eth0);
        assertThat(a2.packet().srcPort()).isEqualTo(a.packet().srcPort()); // the binding, not a new choice
    }

    @Test
    void explicitPortRangeIsHonoured() {
        NetDevice eth0 = registerMasquerade(new NatRange(0, 0, 30000, 30001, false, false, false));
        SkBuff a = out(udp(CLIENT, 41000, DNS, 53), eth0);
        SkBuff b = out(udp("10.244.1.6", 41000, DNS, 53), eth0);
        assertThat(a.packet().srcPort()).isBetween(30000, 30001);
        assertThat(b.packet().srcPort()).isBetween(30000, 30001).isNotEqualTo(a.packet().srcPort());
    }

    @Test
    void sameSourceKeepsItsMappingToOtherDestinations() {
        NetDevice eth0 = registerMasquerade(NatRange.to(0, 0));
        out(udp(CLIENT, 41000, DNS, 53), eth0);
        SkBuff b = out(udp("10.244.1.6", 41000, DNS, 53), eth0);
        int mapped = b.packet().srcPort();
        SkBuff c = out(udp("10.244.1.6", 41000, "1.1.1.1", 53), eth0); // find_appropriate_src
        assertThat(c.packet().srcPort()).isEqualTo(mapped);
    }

    @Test
    void masqueradeWithoutAnAddressDrops() {
        NetDevice eth1 = f.device("eth1");
        nat.masqueradeSource((o, nh) -> 0);
        nat.registerNatFunction(Hook.POSTROUTING, Priority.NAT_SRC, "t", (skb, h) -> nat.masquerade(skb, NatRange.to(0, 0)));
        SkBuff skb = f.skb(udp(CLIENT, 41000, DNS, 53));
        skb.outDev(eth1);
        assertThat(f.forward(skb)).isEqualTo(Verdict.DROP);
        assertThat(skb.dropReason()).isEqualTo("no address on eth1");
    }

    @Test
    void masqueradeAsksForTheNextHopOrTheDestination() {
        NetDevice eth0 = f.device("eth0");
        int[] asked = new int[1];
        nat.masqueradeSource((o, nh) -> {
            asked[0] = nh;
            return ip(NODE);
        });
        nat.registerNatFunction(Hook.POSTROUTING, Priority.NAT_SRC, "t", (skb, h) -> nat.masquerade(skb, NatRange.to(0, 0)));
        SkBuff skb = f.skb(udp(CLIENT, 41000, DNS, 53));
        skb.outDev(eth0);
        skb.nextHop(ip("192.168.0.1"));
        f.forward(skb);
        assertThat(Ip4.format(asked[0])).isEqualTo("192.168.0.1");
        SkBuff onLink = f.skb(udp(CLIENT, 41001, "192.168.0.20", 53));
        onLink.outDev(eth0);
        f.forward(onLink);
        assertThat(Ip4.format(asked[0])).isEqualTo("192.168.0.20");
    }

    @Test
    void masqueradedConnectionChangingDeviceIsKilled() {
        NetDevice eth0 = registerMasquerade(NatRange.to(0, 0));
        NetDevice eth1 = f.device("eth1");
        out(udp(CLIENT, 41000, DNS, 53), eth0);
        SkBuff moved = f.skb(udp(CLIENT, 41000, DNS, 53));
        moved.outDev(eth1);
        assertThat(f.forward(moved)).isEqualTo(Verdict.DROP);
        assertThat(f.ct.count()).isZero();
    }

    @Test
    void deviceDownRemovesItsMasqueradedConnections() {
        NetDevice eth0 = registerMasquerade(NatRange.to(0, 0));
        out(udp(CLIENT, 41000, DNS, 53), eth0);
        f.fwd(udp(CLIENT, 1, POD, 2)); // not masqueraded
        assertThat(nat.deviceDown(eth0)).isEqualTo(1);
        assertThat(f.ct.count()).isEqualTo(1);
    }

    @Test
    void icmpEchoIdIsTranslatedWhenItClashes() {
        NetDevice eth0 = registerMasquerade(NatRange.to(0, 0));
        SkBuff a = out(echo(CLIENT, DNS, 7, 1, true), eth0);
        SkBuff b = out(echo("10.244.1.6", DNS, 7, 1, true), eth0);
        assertThat(a.packet().icmp().identifier()).isEqualTo(7);
        int off = new SplittableRandom(1 ^ "n".hashCode()).nextInt(65536);
        assertThat(b.packet().icmp().identifier()).isEqualTo(off);
        SkBuff reply = f.fwd(echo(DNS, NODE, off, 1, false));
        assertThat(Ip4.format(reply.packet().dst())).isEqualTo("10.244.1.6");
        assertThat(reply.packet().icmp().identifier()).isEqualTo(7);
        assertThat(reply.packet().icmp().sequence()).isEqualTo(1);
    }

    @Test
    void hairpinGetsBothUnSnatAndUnDnat() {
        registerServiceDnat();
        NetDevice eth0 = registerMasquerade(NatRange.to(0, 0));
        SkBuff syn = out(tcp(CLIENT, 41000, VIP, 80, SYN, 1000, 0), eth0);
        assertThat(Ip4.format(syn.packet().src()) + " > " + Ip4.format(syn.packet().dst()) + ":" + syn.packet().dstPort())
                .isEqualTo("192.168.0.10 > 10.244.2.7:8080");
        assertThat(f.ct.listLines()).containsExactly("tcp      6 120 SYN_SENT src=10.244.1.5 dst=10.96.0.10 sport=41000 dport=80 [UNREPLIED] "
                + "src=10.244.2.7 dst=192.168.0.10 sport=8080 dport=41000 mark=0 use=1");
        SkBuff synAck = f.fwd(tcp(POD, 8080, NODE, 41000, SYN | ACK, 5000, 1001));
        assertThat(synAck.packet()).isEqualTo(tcp(VIP, 80, CLIENT, 41000, SYN | ACK, 5000, 1001));
        assertThat(f.steps(Step.Nat.class)).extracting(Step::text).containsExactly(
                "DNAT 10.96.0.10:80 -> 10.244.2.7:8080",
                "MASQUERADE 10.244.1.5:41000 -> 192.168.0.10:41000",
                "un-SNAT 192.168.0.10:41000 -> 10.244.1.5:41000",
                "un-DNAT 10.244.2.7:8080 -> 10.96.0.10:80");
    }

    @Test
    void portUnreachableFromTheBackendReachesTheClientAboutTheClusterIp() {
        nat.registerNatFunction(Hook.PREROUTING, Priority.NAT_DST, "t",
                (skb, h) -> nat.setup(skb, NatType.DST, NatRange.to(ip(POD), 5353)));
        SkBuff q = f.fwd(udp(CLIENT, 41000, VIP, 53));
        assertThat(q.packet()).isEqualTo(udp(CLIENT, 41000, POD, 5353));
        SkBuff err = f.fwd(icmpError(POD, CLIENT, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.PORT_UNREACHABLE, q.packet()));
        assertThat(err.ctInfo()).isEqualTo(CtInfo.RELATED_REPLY);
        assertThat(err.packet()).isEqualTo(icmpError(VIP, CLIENT, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.PORT_UNREACHABLE,
                udp(CLIENT, 41000, VIP, 53)));
        assertThat(((Payload.IcmpQuote) err.packet().payload()).original().dstPort()).isEqualTo(53);
        assertThat(f.steps(Step.Nat.class).get(1).text()).isEqualTo("un-DNAT (ICMP error) 10.244.2.7 -> 10.96.0.10");
    }

    @Test
    void addressRangeChoiceHashesSourceAndDestination() {
        NatRange range = new NatRange(ip("192.168.0.100"), ip("192.168.0.103"), 0, 0, false, false, false);
        ConntrackTuple t = new ConntrackTuple(ip(CLIENT), ip(DNS), 17, 41000, 53);
        ConntrackTuple chosen = NatTupleChooser.findBestIps(t, range, NatType.SRC);
        int j = io.kdp.packet.Jhash.jhash2(Integer.reverseBytes(ip(CLIENT)), 0, 0, 1, Integer.reverseBytes(ip(DNS)));
        assertThat(chosen.src()).isEqualTo(ip("192.168.0.100") + (int) (((j & 0xffffffffL) * 4) >>> 32));
        assertThat(chosen.srcPort()).isEqualTo(41000);
        // --persistent: the destination no longer matters
        NatRange persistent = new NatRange(range.minAddress(), range.maxAddress(), 0, 0, false, false, true);
        int p1 = NatTupleChooser.findBestIps(t, persistent, NatType.SRC).src();
        int p2 = NatTupleChooser.findBestIps(new ConntrackTuple(ip(CLIENT), ip("1.1.1.1"), 17, 41000, 53), persistent, NatType.SRC).src();
        assertThat(p1).isEqualTo(p2);
    }

    @Test
    void jhashMatchesTheKernelForAKnownInput() {
        // jhash2(k, 1, 0) with k = 0: a = b = c = 0xdeadbeef + 4, then __jhash_final.
        assertThat(Integer.toHexString(io.kdp.packet.Jhash.jhash2(0, 0, 0, 1, 0))).isEqualTo(Integer.toHexString(referenceJhash1(0, 0)));
        assertThat(io.kdp.packet.Jhash.reciprocalScale(0xffffffff, 10)).isEqualTo(9);
        assertThat(io.kdp.packet.Jhash.reciprocalScale(0, 10)).isZero();
    }

    /** lookup3's final() written out independently, with unsigned longs. */
    static int referenceJhash1(long k, long init) {
        long a = (0xdeadbeefL + 4 + init) & 0xffffffffL, b = a, c = a;
        a = (a + k) & 0xffffffffL;
        c ^= b; c = (c - rot(b, 14)) & 0xffffffffL;
        a ^= c; a = (a - rot(c, 11)) & 0xffffffffL;
        b ^= a; b = (b - rot(a, 25)) & 0xffffffffL;
        c ^= b; c = (c - rot(b, 16)) & 0xffffffffL;
        a ^= c; a = (a - rot(c, 4)) & 0xffffffffL;
        b ^= a; b = (b - rot(a, 14)) & 0xffffffffL;
        c ^= b; c = (c - rot(b, 24)) & 0xffffffffL;
        return (int) c;
    }

    static long rot(long x, int s) {
        return ((x << s) | (x >>> (32 - s))) & 0xffffffffL;
    }

    @Test
    void setupTwiceForTheSameManipDrops() {
        nat.registerNatFunction(Hook.PREROUTING, 0, "t", (skb, h) -> {
            nat.setup(skb, NatType.DST, NatRange.to(ip(POD), 0));
            return nat.setup(skb, NatType.DST, NatRange.to(ip(POD), 0));
        });
        SkBuff skb = f.skb(tcp(CLIENT, 41000, VIP, 80, SYN, 1, 0));
        assertThat(f.forward(skb)).isEqualTo(Verdict.DROP);
        assertThat(skb.dropReason()).isEqualTo("NAT: DST binding already set up for this connection");
    }
}
