package io.kdp.linux.bpf;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.socket.Socket;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;

/**
 * Where the socket layer runs a namespace's effective cgroup sock_addr programs
 * (BPF_CGROUP_RUN_PROG_INET4_CONNECT and friends in net/ipv4/af_inet.c, udp.c):
 *
 * <ul>
 *   <li>TCP {@code connect(2)}: kdp's applications send packets rather than call connect, so the
 *       first SYN a client socket sends is its connect; connect4 programs run on the destination
 *       before any packet exists, and the socket stays connected to whatever address they left
 *       (sk_daddr/sk_dport): every later segment the application addresses to the original
 *       destination goes to that peer.</li>
 *   <li>UDP {@code sendto(2)}: sendmsg4 programs run for every datagram.</li>
 *   <li>Receiving: the source address the application sees is what recvmsg4 (UDP) or
 *       getpeername4 (TCP) programs make of it.</li>
 * </ul>
 *
 * Packets from namespaces without a cgroup, or from no bound socket (kernel-made replies), pass untouched.
 */
public final class SockAddrHooks {
    private SockAddrHooks() {}

    /** Per-socket state the kernel keeps in struct sock: its cookie and, once connected, its peer. */
    static final class SocketState {
        final long cookie;
        boolean connected;
        int origIp, origPort, peerIp, peerPort;

        SocketState(long cookie) {
            this.cookie = cookie;
        }
    }

    /**
     * A socket of {@code ns} (in cgroup {@code cg}) sends {@code p}. Returns the packet to build
     * (its destination possibly rewritten), or null when the system call failed: the failure is
     * then recorded as the packet's outcome.
     */
    public static Packet send(NetNamespace ns, Cgroup cg, Packet p) {
        int proto = p.protocol();
        if (proto != IpProtocol.TCP && proto != IpProtocol.UDP) return p;
        if (cg.effective(proto == IpProtocol.TCP ? CgroupAttachType.INET4_CONNECT : CgroupAttachType.UDP4_SENDMSG).isEmpty()) return p;
        Socket s = ns.sockets().lookup(proto, p.src(), p.srcPort());
        if (s == null || s.address() == 0 && proto == IpProtocol.TCP) return p; // a listener answering: accepted sockets never connect
        SocketState st = cg.socketState(s);
        if (proto == IpProtocol.TCP) {
            if (st.connected) {
                if (p.dst() != st.origIp || p.dstPort() != st.origPort || (st.peerIp == st.origIp && st.peerPort == st.origPort)) return p;
                if (ns.tracer().enabled()) {
                    ns.tracer().step(ns.name(), new Step.Note("socket " + s + " is connected to " + addr(st.peerIp, st.peerPort)
                            + " (connect() to " + addr(st.origIp, st.origPort) + " was rewritten by cgroup/connect4)"));
                }
                return p.withDestination(st.peerIp, st.peerPort);
            }
            TcpHeader tcp = p.tcp();
            if (!tcp.has(TcpHeader.SYN) || tcp.has(TcpHeader.ACK)) return p;
            SockAddrContext ctx = context(ns, cg, st, proto, p.dst(), p.dstPort());
            if (!run(ns, cg, CgroupAttachType.INET4_CONNECT, ctx, "connect")) return null;
            st.connected = true;
            st.origIp = p.dst();
            st.origPort = p.dstPort();
            st.peerIp = ctx.userIp4();
            st.peerPort = ctx.userPort();
            return rewritten(ns, "sock connect", p, ctx);
        }
        SockAddrContext ctx = context(ns, cg, st, proto, p.dst(), p.dstPort());
        if (!run(ns, cg, CgroupAttachType.UDP4_SENDMSG, ctx, "sendmsg")) return null;
        return rewritten(ns, "sock sendmsg", p, ctx);
    }

    /**
     * {@code p} is about to be queued on socket {@code s} of {@code ns}: returns it with the source
     * address recvmsg4 (UDP) or getpeername4 (TCP) programs report to the application.
     */
    public static Packet receive(NetNamespace ns, Cgroup cg, Socket s, Packet p) {
        int proto = p.protocol();
        if (proto != IpProtocol.TCP && proto != IpProtocol.UDP) return p;
        CgroupAttachType type = proto == IpProtocol.UDP ? CgroupAttachType.UDP4_RECVMSG : CgroupAttachType.INET4_GETPEERNAME;
        if (cg.effective(type).isEmpty()) return p;
        SocketState st = cg.socketState(s);
        SockAddrContext ctx = context(ns, cg, st, proto, p.src(), p.srcPort());
        for (SockAddrProgram prog : cg.effective(type)) prog.run(ctx); // recvmsg/getpeername programs must return 1
        if (ctx.userIp4() == p.src() && ctx.userPort() == p.srcPort()) return p;
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), new Step.Nat(proto == IpProtocol.UDP ? "sock recvmsg" : "sock getpeername",
                    addr(p.src(), p.srcPort()), addr(ctx.userIp4(), ctx.userPort())));
        }
        return p.withSource(ctx.userIp4(), ctx.userPort());
    }

    private static SockAddrContext context(NetNamespace ns, Cgroup cg, SocketState st, int proto, int ip, int port) {
        return new SockAddrContext(ns, proto, ip, port, st.cookie, cg.netnsCookie(ns), ns == cg.root().hostNamespace());
    }

    private static boolean run(NetNamespace ns, Cgroup cg, CgroupAttachType type, SockAddrContext ctx, String call) {
        for (SockAddrProgram prog : cg.effective(type)) {
            if (prog.run(ctx) == SockAddrProgram.SYS_PROCEED) continue;
            String errno = ctx.errno() == null ? "EPERM" : ctx.errno();
            String reason = call + "(" + addr(ctx.userIp4(), ctx.userPort()) + ") failed: " + errno + " (" + strerror(errno) + ") from "
                    + prog.name() + " at cgroup/" + type.bpftoolName() + (ctx.reason() == null ? "" : ": " + ctx.reason());
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Drop(reason));
            ns.backlog().outcome(ns.name(), Disposition.REJECTED, reason);
            return false;
        }
        return true;
    }

    private static Packet rewritten(NetNamespace ns, String type, Packet p, SockAddrContext ctx) {
        if (ctx.userIp4() == p.dst() && ctx.userPort() == p.dstPort()) return p;
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Nat(type, addr(p.dst(), p.dstPort()), addr(ctx.userIp4(), ctx.userPort())));
        return p.withDestination(ctx.userIp4(), ctx.userPort());
    }

    static String strerror(String errno) {
        return switch (errno) {
            case "EHOSTUNREACH" -> "No route to host";
            case "ECONNREFUSED" -> "Connection refused";
            case "ENOMEM" -> "Cannot allocate memory";
            case "EPERM" -> "Operation not permitted";
            default -> errno;
        };
    }

    private static String addr(int ip, int port) {
        return Ip4.format(ip) + ":" + port;
    }
}
