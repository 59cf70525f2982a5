package io.kdp.linux;

import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.socket.Socket;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;

/**
 * ip_local_deliver: the INPUT hook, then the transport demultiplexer: a listening or bound socket
 * takes the packet; TCP to a closed port is answered with a reset (tcp_v4_send_reset), UDP with
 * ICMP port unreachable (__udp4_lib_rcv), ICMP echo by the kernel itself (icmp_echo).
 */
final class LocalDelivery {
    private LocalDelivery() {}

    static void deliver(SkBuff skb) {
        NetNamespace ns = skb.ns();
        if (!Verdicts.hook(Hook.INPUT, skb)) return;
        Packet p = skb.packet();
        ProtocolHandler handler = ns.protocolHandler(p);
        if (handler != null) {
            handler.receive(skb);
            return;
        }
        switch (p.protocol()) {
            case IpProtocol.TCP, IpProtocol.UDP -> toSocket(skb, p);
            case IpProtocol.ICMP -> icmp(skb, p);
            default -> {
                Icmp.sendError(skb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.PROTOCOL_UNREACHABLE);
                Verdicts.end(ns, Disposition.REJECTED, "protocol " + IpProtocol.name(p.protocol()) + " unreachable");
            }
        }
    }

    private static void toSocket(SkBuff skb, Packet p) {
        NetNamespace ns = skb.ns();
        Socket s = ns.sockets().lookup(p.protocol(), p.dst(), p.dstPort());
        if (s != null) {
            // A connected socket takes only its peer's packets, as the peer appears to the socket
            // (after a cgroup recvmsg program's reverse translation, if any).
            Packet seen = ns.cgroup() != null ? io.kdp.linux.bpf.SockAddrHooks.receive(ns, ns.cgroup(), s, p) : p;
            if (s.accepts(seen.src(), seen.srcPort())) {
                delivered(ns, s, seen);
                return;
            }
        }
        String where = IpProtocol.name(p.protocol()) + " " + Ip4.format(p.dst()) + ":" + p.dstPort();
        if (p.protocol() == IpProtocol.TCP) {
            if (!p.tcp().has(io.kdp.packet.TcpHeader.RST)) Icmp.sendTcpReset(skb);
            Verdicts.end(ns, Disposition.REJECTED, "connection refused: nothing listens on " + where);
        } else {
            Icmp.sendError(skb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.PORT_UNREACHABLE);
            Verdicts.end(ns, Disposition.REJECTED, "port unreachable: nothing listens on " + where);
        }
    }

    private static void icmp(SkBuff skb, Packet p) {
        NetNamespace ns = skb.ns();
        IcmpHeader icmp = p.icmp();
        if (icmp.type() == IcmpHeader.ECHO_REQUEST) {
            // icmp_echo: the kernel answers from the address that was pinged.
            ns.backlog().outcome(ns.name(), Disposition.DELIVERED, "echo request answered by the kernel");
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Deliver("kernel (icmp_echo)", p.summary()));
            Packet reply = new Packet(null, new Ipv4Header(p.ipv4().tos(), 0, false, Ipv4Header.DEFAULT_TTL, IpProtocol.ICMP, p.dst(), p.src()),
                    IcmpHeader.echoReply(icmp.identifier(), icmp.sequence()), p.payload());
            IpOutput.send(ns, reply, 0);
            return;
        }
        Socket s;
        if (icmp.isError() && p.payload() instanceof Payload.IcmpQuote q) {
            Packet orig = q.original();
            s = ns.sockets().lookup(orig.protocol(), orig.src(), orig.srcPort(), orig.dst(), orig.dstPort());
        } else {
            s = ns.sockets().lookup(IpProtocol.ICMP, p.dst(), icmp.identifier());
        }
        if (s == null) {
            Verdicts.end(ns, Disposition.DROPPED, "no socket wants " + p.summary());
            return;
        }
        delivered(ns, s, p);
    }

    private static void delivered(NetNamespace ns, Socket s, Packet p) {
        ns.sockets().deliver(s, p);
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Deliver(s.toString(), p.summary()));
        ns.backlog().outcome(ns.name(), Disposition.DELIVERED, "delivered to " + s);
    }
}
