package io.kdp.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.bpf.Cgroup;
import io.kdp.linux.bpf.CgroupAttachType;
import io.kdp.linux.bpf.SockAddrContext;
import io.kdp.linux.bpf.SockAddrProgram;
import io.kdp.linux.bpf.TcAction;
import io.kdp.linux.bpf.TcContext;
import io.kdp.linux.bpf.TcDirection;
import io.kdp.linux.bpf.TcProgram;
import io.kdp.linux.socket.Socket;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The BPF attach points in the stack: cgroup sock_addr programs on the socket path, tc programs on devices. */
class BpfHookTest {
    final Topology t = new Topology();
    final NetNamespace client = t.host("client");
    final NetNamespace server = t.host("server");

    BpfHookTest() {
        t.link(client, "eth0", "10.0.0.1/24", server, "eth0", "10.0.0.2/24");
        client.route("add default via 10.0.0.2 dev eth0");
    }

    static SockAddrProgram program(String name, java.util.function.ToIntFunction<SockAddrContext> body) {
        return new SockAddrProgram() {
            public String name() { return name; }
            public int run(SockAddrContext ctx) { return body.applyAsInt(ctx); }
        };
    }

    static Packet syn(int flags, int dst, int dport) {
        return new Packet(null, Ipv4Header.of(IpProtocol.TCP, Ip4.parse("10.0.0.1"), dst, 1), new TcpHeader(40000, dport, 1, 0, flags, 1000), null);
    }

    /** A toy socket LB: 10.9.9.9:80 is served by 10.0.0.2:8080; replies are shown as coming from 10.9.9.9:80. */
    void attachToyLb(Cgroup root) {
        root.attach(CgroupAttachType.INET4_CONNECT, program("toy_connect", ctx -> {
            if (ctx.userIp4() == Ip4.parse("10.9.9.9") && ctx.userPort() == 80) {
                ctx.userIp4(Ip4.parse("10.0.0.2"));
                ctx.userPort(8080);
            }
            return SockAddrProgram.SYS_PROCEED;
        }));
        root.attach(CgroupAttachType.INET4_GETPEERNAME, program("toy_getpeername", ctx -> {
            if (ctx.userIp4() == Ip4.parse("10.0.0.2") && ctx.userPort() == 8080) {
                ctx.userIp4(Ip4.parse("10.9.9.9"));
                ctx.userPort(80);
            }
            return SockAddrProgram.SYS_PROCEED;
        }));
    }

    @Test
    void connectIsRewrittenBeforeAnyPacketExistsAndTheSocketStaysConnected() {
        Cgroup root = Cgroup.root(client);
        client.cgroup(root.child("pod.slice"));
        attachToyLb(root);
        Socket cs = client.sockets().bind(IpProtocol.TCP, Ip4.parse("10.0.0.1"), 40000, "client");
        Socket ss = server.sockets().bind(IpProtocol.TCP, 0, 8080, "server");
        client.sendFromSocket(syn(TcpHeader.SYN, Ip4.parse("10.9.9.9"), 80));
        List<String> steps = t.run();
        assertThat(steps.get(0)).isEqualTo("client: sock connect 10.9.9.9:80 -> 10.0.0.2:8080");
        assertThat(steps).filteredOn(s -> s.contains(" tx ") || s.contains(" rx ")).isNotEmpty().allMatch(s -> !s.contains("10.9.9.9"));
        assertThat(ss.received()).hasSize(1);
        // the next segment goes to the peer connect() settled on
        client.sendFromSocket(syn(TcpHeader.ACK, Ip4.parse("10.9.9.9"), 80));
        assertThat(t.run().get(0)).startsWith("client: socket tcp 10.0.0.1:40000 (client) is connected to 10.0.0.2:8080");
        assertThat(ss.received()).hasSize(2);
        // the reply is shown to the client as coming from the address it connected to
        server.sendFromSocket(new Packet(null, Ipv4Header.of(IpProtocol.TCP, Ip4.parse("10.0.0.2"), Ip4.parse("10.0.0.1"), 1),
                new TcpHeader(8080, 40000, 5, 2, TcpHeader.SYN | TcpHeader.ACK, 1000), null));
        assertThat(t.run()).contains("client: sock getpeername 10.0.0.2:8080 -> 10.9.9.9:80");
        assertThat(Ip4.format(cs.received().get(0).src()) + ":" + cs.received().get(0).srcPort()).isEqualTo("10.9.9.9:80");
    }

    @Test
    void aRejectingProgramFailsTheCallAndNothingIsSent() {
        Cgroup root = Cgroup.root(client);
        client.cgroup(root);
        root.attach(CgroupAttachType.INET4_CONNECT, program("no", ctx -> {
            ctx.retval("EHOSTUNREACH", "nothing there");
            return SockAddrProgram.SYS_REJECT;
        }));
        client.sockets().bind(IpProtocol.TCP, Ip4.parse("10.0.0.1"), 40000, "client");
        client.sendFromSocket(syn(TcpHeader.SYN, Ip4.parse("10.9.9.9"), 80));
        List<String> steps = t.run();
        assertThat(steps).containsExactly("client: drop: connect(10.9.9.9:80) failed: EHOSTUNREACH (No route to host) from no at cgroup/connect4: nothing there");
        Outcome o = t.backlog.takeOutcome();
        assertThat(o.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(o.host()).isEqualTo("client");
    }

    @Test
    void tcIngressRunsAfterTheTapAndBeforeTheStack() {
        NetDevice eth0 = server.device("eth0");
        server.clsact().attach(eth0, TcDirection.INGRESS, new TcProgram() {
            public String name() { return "drop_all"; }
            public TcAction run(TcContext ctx) { return ctx.drop("not today", false); }
        });
        client.sendFromSocket(syn(TcpHeader.SYN, Ip4.parse("10.0.0.2"), 8080));
        List<String> steps = t.run();
        assertThat(steps).last().isEqualTo("server: drop: not today (tc ingress eth0 drop_all)");
        assertThat(steps.get(steps.size() - 2)).startsWith("server: rx eth0  10.0.0.1.40000 > 10.0.0.2.8080");
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DROPPED);
    }

    @Test
    void tcEgressRewritesWhatTheWireCarriesAndRedirectBypassesNetfilter() {
        NetDevice cEth0 = client.device("eth0");
        client.clsact().attach(cEth0, TcDirection.EGRESS, new TcProgram() {
            public String name() { return "rewrite_port"; }
            public TcAction run(TcContext ctx) {
                ctx.frame(ctx.frame().withDestination(ctx.frame().dst(), 9090));
                return TcAction.OK;
            }
        });
        // on the server, a FORWARD-less redirect back out of eth0 to the client: iptables never sees it
        server.iptables().restore("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n");
        NetDevice sEth0 = server.device("eth0");
        server.clsact().attach(sEth0, TcDirection.INGRESS, new TcProgram() {
            public String name() { return "bounce"; }
            public TcAction run(TcContext ctx) {
                Packet p = ctx.frame();
                ctx.frame(p.withSource(p.dst(), p.dstPort()).withDestination(p.src(), p.srcPort()));
                return ctx.redirectNeigh(sEth0, 0);
            }
        });
        Socket cs = client.sockets().bind(IpProtocol.TCP, Ip4.parse("10.0.0.1"), 40000, "client");
        client.sendFromSocket(syn(TcpHeader.SYN, Ip4.parse("10.0.0.2"), 8080));
        List<String> steps = t.run();
        assertThat(steps).anyMatch(s -> s.startsWith("client: tx eth0  10.0.0.1.40000 > 10.0.0.2.9090"));
        assertThat(steps).noneMatch(s -> s.startsWith("server: hook") || s.startsWith("server: filter"));
        assertThat(cs.received()).hasSize(1);
    }
}
