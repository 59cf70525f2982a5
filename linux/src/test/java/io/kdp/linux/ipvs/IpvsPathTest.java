package io.kdp.linux.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.DummyDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.ConntrackTuple;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.TraceRecorder;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IpvsPathTest {
    static final long SEC = 1_000_000_000L;
    Clock clock;
    Backlog backlog;
    NetNamespace ns;
    DummyDevice eth0;
    Ipvs ipvs;
    List<SkBuff> sent;

    @BeforeEach
    void setUp() throws Exception {
        clock = new Clock(0);
        backlog = new Backlog(clock);
        ns = new NetNamespace("node", backlog, 1);
        DummyDevice ipvs0 = new DummyDevice(ns, "kube-ipvs0", MacAddress.parse("02:00:00:00:00:01"));
        ns.addAddress(ipvs0, Cidr.parse("10.96.0.10/32"));
        eth0 = new DummyDevice(ns, "eth0", MacAddress.parse("02:00:00:00:00:02"));
        ns.addAddress(eth0, Cidr.parse("192.168.49.2/24"));
        ns.setUp(eth0);
        ipvs = new Ipvs(ns);
        ipvs.registerHooks();
        sent = new ArrayList<>();
        ipvs.transmitter(sent::add);
        ipvs.command("-A -t 10.96.0.10:80 -s rr");
        ipvs.command("-a -t 10.96.0.10:80 -r 10.244.1.5:8080 -m -w 1");
    }

    static Packet tcp(String src, int sport, String dst, int dport, int flags) {
        return new Packet(null, Ipv4Header.of(IpProtocol.TCP, Ip4.parse(src), Ip4.parse(dst), 1), new TcpHeader(sport, dport, 1, 0, flags, 64240), null);
    }

    static Packet udp(String src, int sport, String dst, int dport) {
        return new Packet(null, Ipv4Header.of(IpProtocol.UDP, Ip4.parse(src), Ip4.parse(dst), 1), new UdpHeader(sport, dport), null);
    }

    Verdict in(Packet p) {
        return ns.netfilter().run(Hook.INPUT, new SkBuff(ns, p, eth0));
    }

    SkBuff forward(Packet p) {
        SkBuff skb = new SkBuff(ns, p, eth0);
        assertThat(ns.netfilter().run(Hook.FORWARD, skb)).isEqualTo(Verdict.ACCEPT);
        return skb;
    }

    @Test
    void hooksSitWhereIpVsOps4PutsThem() {
        List<String> owners = new ArrayList<>();
        for (Hook h : Hook.values()) {
            for (HookEntry e : ns.netfilter().entries(h)) if (e.owner().equals(Ipvs.OWNER)) owners.add(h + " " + e.priority());
        }
        assertThat(owners).containsExactly("INPUT 98", "INPUT 99", "FORWARD 100", "OUTPUT -99", "OUTPUT -98");
    }

    @Test
    void newConnectionIsScheduledDnatedAndSentOut() {
        TraceRecorder rec = new TraceRecorder();
        backlog.tracer(rec);
        assertThat(in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.SYN))).isEqualTo(Verdict.STOLEN);
        assertThat(sent).hasSize(1);
        SkBuff out = sent.get(0);
        assertThat(out.packet().summary()).isEqualTo("10.244.2.7.40000 > 10.244.1.5.8080: tcp [S]");
        assertThat(out.ipvsProperty()).isTrue();
        assertThat(out.untracked()).isTrue(); // net.ipv4.vs.conntrack=0: ip_vs_notrack
        List<Step> steps = rec.take().get(0).steps();
        assertThat(steps).containsExactly(
                new Step.Lookup("ipvs", "TCP 10.96.0.10:80", "rr -> 10.244.1.5:8080 (new conn)"),
                new Step.Nat("IPVS DNAT", "10.96.0.10:80", "10.244.1.5:8080"));
        // the re-entering packet passes IPVS untouched
        assertThat(ns.netfilter().run(Hook.OUTPUT, out)).isEqualTo(Verdict.ACCEPT);
        assertThat(out.packet().dst()).isEqualTo(Ip4.parse("10.244.1.5"));

        // the reply is un-DNATed in FORWARD
        SkBuff reply = forward(tcp("10.244.1.5", 8080, "10.244.2.7", 40000, TcpHeader.SYN | TcpHeader.ACK));
        assertThat(reply.packet().summary()).isEqualTo("10.96.0.10.80 > 10.244.2.7.40000: tcp [S.]");
        List<Step> replySteps = rec.take().get(0).steps();
        assertThat(replySteps.get(1)).isEqualTo(new Step.Nat("IPVS un-DNAT", "10.244.1.5:8080", "10.96.0.10:80"));

        // the next client packet finds the existing connection
        assertThat(in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.ACK))).isEqualTo(Verdict.STOLEN);
        assertThat(rec.take().get(0).steps().get(0)).isEqualTo(new Step.Lookup("ipvs", "TCP 10.96.0.10:80", "existing conn -> 10.244.1.5:8080 (SYN_RECV)"));
    }

    @Test
    void tcpStatesMoveCountersAndTimeouts() {
        RealServer rs = ipvs.service(ServiceKey.of(IpProtocol.TCP, Ip4.parse("10.96.0.10"), 80)).dests().get(0);
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.SYN));
        IpvsConnection c = ipvs.connectionEntries().get(0);
        assertThat(c.tcpState()).isEqualTo(TcpState.SYN_RECV);
        assertThat(c.timeoutSeconds()).isEqualTo(60);
        assertThat(rs.inactConns()).isEqualTo(1);
        assertThat(rs.activeConns()).isZero();
        forward(tcp("10.244.1.5", 8080, "10.244.2.7", 40000, TcpHeader.SYN | TcpHeader.ACK));
        assertThat(c.tcpState()).isEqualTo(TcpState.SYN_RECV);
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.ACK));
        assertThat(c.tcpState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(c.timeoutSeconds()).isEqualTo(900);
        assertThat(rs.activeConns()).isEqualTo(1);
        assertThat(rs.inactConns()).isZero();
        assertThat(ipvs.list()).contains("  -> 10.244.1.5:8080              Masq    1      1          0         \n");
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.FIN | TcpHeader.ACK));
        assertThat(c.tcpState()).isEqualTo(TcpState.CLOSE_WAIT);
        forward(tcp("10.244.1.5", 8080, "10.244.2.7", 40000, TcpHeader.FIN | TcpHeader.ACK));
        assertThat(c.tcpState()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(c.timeoutSeconds()).isEqualTo(120);
        assertThat(rs.activeConns()).isZero();
        assertThat(rs.inactConns()).isEqualTo(1);
        clock.advance(119 * SEC);
        assertThat(ipvs.connectionEntries()).hasSize(1);
        clock.advance(1 * SEC);
        assertThat(ipvs.connectionEntries()).isEmpty();
        assertThat(rs.inactConns()).isZero();
    }

    @Test
    void synRecvTimesOutAfterSixtySeconds() {
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.SYN));
        clock.advance(59 * SEC);
        assertThat(ipvs.connectionEntries()).hasSize(1);
        clock.advance(1 * SEC);
        assertThat(ipvs.connectionEntries()).isEmpty();
        // a non-SYN packet for a forgotten connection is not scheduled
        assertThat(in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.ACK))).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void persistenceKeepsAClientOnItsServerUntilTheTemplateExpires() throws Exception {
        ipvs.command("-A -u 10.96.0.10:53 -s rr -p 10800");
        ipvs.command("-a -u 10.96.0.10:53 -r 10.244.1.1:53 -m");
        ipvs.command("-a -u 10.96.0.10:53 -r 10.244.1.2:53 -m");
        ipvs.command("-a -u 10.96.0.10:53 -r 10.244.1.3:53 -m"); // list: .3 .2 .1
        in(udp("10.0.0.1", 1000, "10.96.0.10", 53));
        in(udp("10.0.0.2", 1000, "10.96.0.10", 53));
        in(udp("10.0.0.1", 1001, "10.96.0.10", 53));
        clock.advance(10000 * SEC);
        in(udp("10.0.0.1", 1002, "10.96.0.10", 53)); // within the template's 10800 s
        assertThat(sent.stream().map(s -> Ip4.format(s.packet().dst())).toList())
                .containsExactly("10.244.1.3", "10.244.1.2", "10.244.1.3", "10.244.1.3");
        RealServer s3 = ipvs.service(ServiceKey.of(IpProtocol.UDP, Ip4.parse("10.96.0.10"), 53)).dest(Ip4.parse("10.244.1.3"), 53);
        assertThat(s3.persistConns()).isEqualTo(1);
        // The last connection lives 300 s; the template was re-armed at t=10000 and runs to t=20800.
        clock.advance(10800 * SEC);
        in(udp("10.0.0.1", 1003, "10.96.0.10", 53));
        assertThat(Ip4.format(sent.get(4).packet().dst())).isEqualTo("10.244.1.1"); // rr moved on
        assertThat(s3.persistConns()).isZero();
    }

    @Test
    void templateOutlivesItsTimeoutWhileItControlsConnections() throws Exception {
        ipvs.command("-A -u 10.96.0.10:53 -s rr -p 10");
        ipvs.command("-a -u 10.96.0.10:53 -r 10.244.1.1:53 -m");
        ipvs.command("-a -u 10.96.0.10:53 -r 10.244.1.2:53 -m");
        in(udp("10.0.0.1", 1000, "10.96.0.10", 53)); // connection 300 s, template 10 s
        clock.advance(100 * SEC);
        in(udp("10.0.0.1", 1001, "10.96.0.10", 53)); // template still there: same server
        assertThat(sent.get(1).packet().dst()).isEqualTo(sent.get(0).packet().dst());
    }

    @Test
    void conntrackIsToldAboutTheDnatWhenVsConntrackIsOn() {
        ns.sysctls().set("net.ipv4.vs.conntrack", "1");
        if (ns.netfilter().entries(Hook.PREROUTING).stream().noneMatch(e -> e.owner().equals("conntrack"))) ns.conntrack().registerHooks();
        SkBuff skb = new SkBuff(ns, tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.SYN), eth0);
        assertThat(ns.netfilter().run(Hook.PREROUTING, skb)).isEqualTo(Verdict.ACCEPT);
        assertThat(skb.ct()).as("conntrack attached an entry at PREROUTING").isNotNull();
        assertThat(ns.netfilter().run(Hook.INPUT, skb)).isEqualTo(Verdict.STOLEN);
        assertThat(skb.untracked()).isFalse();
        assertThat(skb.ct().original()).isEqualTo(new ConntrackTuple(Ip4.parse("10.244.2.7"), Ip4.parse("10.96.0.10"), IpProtocol.TCP, 40000, 80));
        assertThat(skb.ct().reply()).isEqualTo(new ConntrackTuple(Ip4.parse("10.244.1.5"), Ip4.parse("10.244.2.7"), IpProtocol.TCP, 8080, 40000));
    }

    @Test
    void serviceWithoutServersRefusesTheConnection() throws Exception {
        ipvs.command("-A -t 10.96.0.10:443 -s rr");
        SkBuff skb = new SkBuff(ns, tcp("10.244.2.7", 40000, "10.96.0.10", 443, TcpHeader.SYN), eth0);
        assertThat(ns.netfilter().run(Hook.INPUT, skb)).isEqualTo(Verdict.DROP);
        assertThat(skb.dropReason()).isEqualTo("IPVS: no destination available for TCP 10.96.0.10:443");
        assertThat(sent).isEmpty();
    }

    @Test
    void removedServerDropsItsConnectionsPackets() throws Exception {
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.SYN));
        ipvs.command("-d -t 10.96.0.10:80 -r 10.244.1.5:8080");
        SkBuff skb = new SkBuff(ns, tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.ACK), eth0);
        assertThat(ns.netfilter().run(Hook.INPUT, skb)).isEqualTo(Verdict.DROP);
        assertThat(skb.dropReason()).isEqualTo("IPVS: real server 10.244.1.5:8080 of this connection was removed");
    }

    @Test
    void localRealServerContinuesToLocalDelivery() throws Exception {
        ipvs.command("-A -t 10.96.0.10:6443 -s rr");
        ipvs.command("-a -t 10.96.0.10:6443 -r 192.168.49.2:6443 -m");
        SkBuff skb = new SkBuff(ns, tcp("10.244.2.7", 40000, "10.96.0.10", 6443, TcpHeader.SYN), eth0);
        assertThat(ns.netfilter().run(Hook.INPUT, skb)).isEqualTo(Verdict.ACCEPT);
        assertThat(skb.packet().dst()).isEqualTo(Ip4.parse("192.168.49.2"));
        assertThat(sent).isEmpty();
    }

    @Test
    void localClientIsScheduledAtOutput() {
        SkBuff skb = new SkBuff(ns, tcp("192.168.49.2", 50000, "10.96.0.10", 80, TcpHeader.SYN), null);
        assertThat(ns.netfilter().run(Hook.OUTPUT, skb)).isEqualTo(Verdict.STOLEN);
        assertThat(sent.get(0).packet().dst()).isEqualTo(Ip4.parse("10.244.1.5"));
        // the reply to the local client is un-DNATed at INPUT before local delivery
        SkBuff reply = new SkBuff(ns, tcp("10.244.1.5", 8080, "192.168.49.2", 50000, TcpHeader.SYN | TcpHeader.ACK), eth0);
        assertThat(ns.netfilter().run(Hook.INPUT, reply)).isEqualTo(Verdict.ACCEPT);
        assertThat(reply.packet().src()).isEqualTo(Ip4.parse("10.96.0.10"));
        assertThat(reply.packet().srcPort()).isEqualTo(80);
    }

    @Test
    void synToAClosedConnectionReschedules() throws Exception {
        ipvs.command("-a -t 10.96.0.10:80 -r 10.244.1.6:8080 -m"); // list: .6 .5
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.SYN)); // rr continues after .5: .6
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.RST)); // SYN_RECV stays SYN_RECV on a client RST
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.SYN)); // same connection, no reuse
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.ACK)); // -> ESTABLISHED
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.RST)); // -> CLOSE
        in(tcp("10.244.2.7", 40000, "10.96.0.10", 80, TcpHeader.SYN)); // conn_reuse_mode 1: new conn
        assertThat(sent.stream().map(s -> Ip4.format(s.packet().dst())).toList()).containsExactly("10.244.1.6", "10.244.1.6", "10.244.1.6", "10.244.1.6", "10.244.1.6", "10.244.1.5");
    }
}
