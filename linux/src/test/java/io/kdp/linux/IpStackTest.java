package io.kdp.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.trace.Disposition;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The IPv4 paths of the emulated kernel, step by step: a client a, a router r, a server c. */
class IpStackTest {
    Topology t;
    NetNamespace a, r, c;

    @BeforeEach
    void build() {
        t = new Topology();
        a = t.host("a");
        r = t.host("r");
        c = t.host("c");
        t.link(a, "eth0", "10.0.1.2/24", r, "eth0", "10.0.1.1/24");
        t.link(c, "eth0", "10.0.2.2/24", r, "eth1", "10.0.2.1/24");
        a.route("add default via 10.0.1.1");
        c.route("add default via 10.0.2.1");
        r.sysctls().set("net.ipv4.ip_forward", "1");
    }

    static Packet syn(String src, String dst, int dport) {
        return new Packet(null, Ipv4Header.of(IpProtocol.TCP, src == null ? 0 : Ip4.parse(src), Ip4.parse(dst), 1),
                new TcpHeader(40000, dport, 1000, 0, TcpHeader.SYN, TcpHeader.DEFAULT_WINDOW), null);
    }

    @Test
    void tcpSynIsForwardedAndDeliveredToTheListener() {
        var listener = c.sockets().bind(IpProtocol.TCP, 0, 80, "nginx");
        a.sendFromSocket(syn(null, "10.0.2.2", 80));
        assertThat(t.run()).containsExactly(
                "a: route output via table main: default via 10.0.1.1 dev eth0",
                "a: neigh 10.0.1.1 dev eth0 lladdr " + r.device("eth0").mac() + " REACHABLE (ARP reply from r/eth0)",
                "a: tx eth0  10.0.1.2.40000 > 10.0.2.2.80: tcp [S]",
                "r: rx eth0  10.0.1.2.40000 > 10.0.2.2.80: tcp [S]",
                "r: route forward via table main: 10.0.2.0/24 dev eth1 proto kernel scope link src 10.0.2.1",
                "r: neigh 10.0.2.2 dev eth1 lladdr " + c.device("eth0").mac() + " REACHABLE (ARP reply from c/eth0)",
                "r: tx eth1  10.0.1.2.40000 > 10.0.2.2.80: tcp [S]",
                "c: rx eth0  10.0.1.2.40000 > 10.0.2.2.80: tcp [S]",
                "c: route local via table local: local 10.0.2.2 dev eth0 table local proto kernel scope host src 10.0.2.2",
                "c: deliver to tcp *:80 (nginx)  10.0.1.2.40000 > 10.0.2.2.80: tcp [S]");
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DELIVERED);
        Packet got = listener.received().get(0);
        assertThat(got.ipv4().ttl()).isEqualTo(63);
        assertThat(got.src()).isEqualTo(Ip4.parse("10.0.1.2"));
    }

    @Test
    void closedTcpPortIsAnsweredWithAResetAndRejected() {
        var client = a.sockets().bind(IpProtocol.TCP, Ip4.parse("10.0.1.2"), 40000, "client");
        a.sendFromSocket(syn(null, "10.0.2.2", 81));
        var steps = t.run();
        assertThat(steps).contains("c: drop: connection refused: nothing listens on tcp 10.0.2.2:81",
                "c: sent tcp reset  10.0.2.2.81 > 10.0.1.2.40000: tcp [R.]");
        assertThat(t.backlog.takeOutcome()).extracting(Outcome::disposition, Outcome::host).containsExactly(Disposition.REJECTED, "c");
        Packet rst = client.received().get(0);
        assertThat(rst.tcp().flags()).isEqualTo(TcpHeader.RST | TcpHeader.ACK);
        assertThat(rst.tcp().ack()).isEqualTo(1001);
    }

    @Test
    void closedUdpPortIsAnsweredWithPortUnreachableQuotingTheDatagram() {
        var client = a.sockets().bind(IpProtocol.UDP, Ip4.parse("10.0.1.2"), 5353, "client");
        a.sendFromSocket(new Packet(null, Ipv4Header.of(IpProtocol.UDP, 0, Ip4.parse("10.0.2.2"), 1), new UdpHeader(5353, 53), Payload.Data.ascii("q")));
        t.run();
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.REJECTED);
        Packet err = client.received().get(0);
        assertThat(err.icmp().type()).isEqualTo(IcmpHeader.DEST_UNREACHABLE);
        assertThat(err.icmp().code()).isEqualTo(IcmpHeader.PORT_UNREACHABLE);
        assertThat(err.src()).isEqualTo(Ip4.parse("10.0.2.2"));
        assertThat(((Payload.IcmpQuote) err.payload()).original().udp().dstPort()).isEqualTo(53);
    }

    @Test
    void routingLoopEndsInLoopWithTimeExceeded() {
        // r sends 10.9.0.0/16 back to a, and a sends it to r: the packet bounces until its TTL runs out.
        r.route("add 10.9.0.0/16 via 10.0.1.2");
        a.sysctls().set("net.ipv4.ip_forward", "1");
        var ping = a.sockets().bind(IpProtocol.ICMP, 0, 9, "ping");
        a.sendFromSocket(new Packet(null, Ipv4Header.of(IpProtocol.ICMP, 0, Ip4.parse("10.9.0.1"), 1), IcmpHeader.echoRequest(9, 1), null));
        var steps = t.run();
        var o = t.backlog.takeOutcome();
        assertThat(o.disposition()).isEqualTo(Disposition.LOOP);
        assertThat(o.reason()).startsWith("TTL exceeded in transit at ");
        assertThat(steps.stream().filter(s -> s.contains("sent icmp time exceeded")).count()).isEqualTo(1);
        assertThat(ping.received()).singleElement().satisfies(p -> assertThat(p.icmp().type()).isEqualTo(IcmpHeader.TIME_EXCEEDED));
        // a sends with TTL 64; each forward needs a TTL above 1, so 63 forwards follow: 64 transmissions.
        assertThat(steps.stream().filter(s -> s.contains(" tx ") && s.contains("10.9.0.1: icmp type 8")).count()).isEqualTo(64);
    }

    @Test
    void noRouteOnOutputIsNetworkUnreachable() {
        c.route("del default");
        c.sendFromSocket(syn(null, "10.7.0.1", 80));
        t.run();
        assertThat(t.backlog.takeOutcome()).extracting(Outcome::disposition, Outcome::reason)
                .containsExactly(Disposition.NO_ROUTE, "connect: Network is unreachable (no route to 10.7.0.1)");
    }

    @Test
    void forwardingDisabledDropsQuietly() {
        r.sysctls().set("net.ipv4.ip_forward", "0");
        a.sendFromSocket(syn(null, "10.0.2.2", 80));
        var steps = t.run();
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DROPPED);
        assertThat(steps).noneMatch(s -> s.startsWith("c:")).noneMatch(s -> s.contains("sent icmp"));
    }

    @Test
    void blackholeUnreachableAndProhibitRoutes() {
        r.route("add blackhole 10.5.0.0/16");
        r.route("add unreachable 10.6.0.0/16");
        r.route("add prohibit 10.8.0.0/16");
        var client = a.sockets().bind(IpProtocol.TCP, Ip4.parse("10.0.1.2"), 40000, "client");
        a.sendFromSocket(syn(null, "10.5.0.1", 80));
        t.run();
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.BLACKHOLED);
        assertThat(client.received()).isEmpty();
        a.sendFromSocket(syn(null, "10.6.0.1", 80));
        t.run();
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.UNREACHABLE);
        assertThat(client.received()).singleElement().satisfies(p -> assertThat(p.icmp().code()).isEqualTo(IcmpHeader.HOST_UNREACHABLE));
        a.sendFromSocket(syn(null, "10.8.0.1", 80));
        t.run();
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.PROHIBITED);
        assertThat(client.received().get(1).icmp().code()).isEqualTo(IcmpHeader.ADMIN_PROHIBITED);
    }

    @Test
    void missingNeighbourIsReportedAndAnsweredWithHostUnreachable() {
        r.route("add 10.0.3.0/24 via 10.0.2.99");
        var client = a.sockets().bind(IpProtocol.TCP, Ip4.parse("10.0.1.2"), 40000, "client");
        a.sendFromSocket(syn(null, "10.0.3.1", 80));
        var steps = t.run();
        assertThat(steps).contains("r: neigh 10.0.2.99 dev eth1 FAILED (no ARP reply)");
        assertThat(t.backlog.takeOutcome()).extracting(Outcome::disposition, Outcome::reason)
                .containsExactly(Disposition.NEIGHBOR_UNREACHABLE, "no ARP reply for 10.0.2.99 on eth1");
        assertThat(client.received()).singleElement().satisfies(p -> assertThat(p.icmp().code()).isEqualTo(IcmpHeader.HOST_UNREACHABLE));
    }

    @Test
    void loopbackDestinationFromOutsideIsAMartianUnlessRouteLocalnet() {
        a.route("add 127.0.0.0/8 via 10.0.1.1 dev eth0 onlink");
        a.sendFromSocket(syn("10.0.1.2", "127.0.0.1", 80).withIpv4(Ipv4Header.of(IpProtocol.TCP, Ip4.parse("10.0.1.2"), Ip4.parse("127.0.0.1"), 1)));
        t.run();
        var o = t.backlog.takeOutcome();
        // a's own local table wins: 127.0.0.1 is local on a, so it never leaves.
        assertThat(o.host()).isEqualTo("a");
        // Injected on r's eth0 as if from the wire: a martian destination unless route_localnet.
        Packet frame = syn("10.0.1.2", "127.0.0.1", 80).withEthernet(new io.kdp.packet.EthernetHeader(r.device("eth0").mac(), a.device("eth0").mac(), io.kdp.packet.EtherType.IPV4));
        r.inject(r.device("eth0"), frame);
        t.run();
        assertThat(t.backlog.takeOutcome().reason()).isEqualTo("martian destination 127.0.0.1 from 10.0.1.2, dev eth0 (net.ipv4.conf.eth0.route_localnet=0)");
        r.sysctls().set("net.ipv4.conf.all.route_localnet", "1");
        r.sockets().bind(IpProtocol.TCP, 0, 80, "local");
        r.inject(r.device("eth0"), frame);
        t.run();
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DELIVERED);
    }

    @Test
    void strictReversePathFilterDropsSpoofedSources() {
        r.sysctls().set("net.ipv4.conf.all.rp_filter", "1");
        Packet spoofed = syn("10.0.2.50", "10.0.2.2", 80).withEthernet(new io.kdp.packet.EthernetHeader(r.device("eth0").mac(), a.device("eth0").mac(), io.kdp.packet.EtherType.IPV4));
        r.inject(r.device("eth0"), spoofed);
        t.run();
        assertThat(t.backlog.takeOutcome()).extracting(Outcome::disposition, Outcome::reason)
                .containsExactly(Disposition.DROPPED, "rp_filter=1: source 10.0.2.50 is not reachable through eth0");
    }

    @Test
    void tooBigWithDontFragmentGetsFragmentationNeeded() {
        r.device("eth1").mtu(1400);
        var client = a.sockets().bind(IpProtocol.UDP, Ip4.parse("10.0.1.2"), 5000, "client");
        a.sendFromSocket(new Packet(null, Ipv4Header.of(IpProtocol.UDP, 0, Ip4.parse("10.0.2.2"), 1), new UdpHeader(5000, 9), new Payload.Data(new byte[1450])));
        t.run();
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.FRAGMENTATION_NEEDED);
        assertThat(client.received()).singleElement().satisfies(p -> {
            assertThat(p.icmp().code()).isEqualTo(IcmpHeader.FRAG_NEEDED);
            assertThat(p.icmp().rest()).isEqualTo(1400);
        });
    }

    @Test
    void aConnectedSocketTakesOnlyItsPeersPacketsOthersGetAReset() {
        var client = a.sockets().bind(IpProtocol.TCP, Ip4.parse("10.0.1.2"), 40000, "client");
        a.sockets().connect(client, Ip4.parse("10.0.2.2"), 80);
        // A SYN-ACK from the peer is taken...
        c.sendFromSocket(new Packet(null, Ipv4Header.of(IpProtocol.TCP, Ip4.parse("10.0.2.2"), Ip4.parse("10.0.1.2"), 1),
                new TcpHeader(80, 40000, 5000, 1001, TcpHeader.SYN | TcpHeader.ACK, 65160), null));
        t.run();
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DELIVERED);
        // ...one from anyone else finds no socket (__inet_lookup misses) and is answered with a reset.
        c.sendFromSocket(new Packet(null, Ipv4Header.of(IpProtocol.TCP, Ip4.parse("10.0.2.2"), Ip4.parse("10.0.1.2"), 2),
                new TcpHeader(81, 40000, 5000, 1001, TcpHeader.SYN | TcpHeader.ACK, 65160), null));
        var steps = t.run();
        assertThat(t.backlog.takeOutcome()).extracting(Outcome::disposition, Outcome::host).containsExactly(Disposition.REJECTED, "a");
        assertThat(steps).contains("a: sent tcp reset  10.0.1.2.40000 > 10.0.2.2.81: tcp [R]");
        assertThat(client.received()).hasSize(1);
    }
}
