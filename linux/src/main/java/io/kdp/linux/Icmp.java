package io.kdp.linux;

import io.kdp.linux.trace.Step;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.TcpHeader;

/** ICMP errors (icmp_send, net/ipv4/icmp.c) and TCP resets (nf_send_reset, tcp_v4_send_reset). */
final class Icmp {
    private Icmp() {}

    /** IPTOS_PREC_INTERNETCONTROL, which icmp_send sets in the TOS of errors. */
    private static final int TOS_INTERNETCONTROL = 0xc0;

    static void sendError(SkBuff skb, int type, int code) {
        send(skb, new IcmpHeader(type, code, 0));
    }

    static void sendFragNeeded(SkBuff skb, int mtu) {
        send(skb, new IcmpHeader(IcmpHeader.DEST_UNREACHABLE, IcmpHeader.FRAG_NEEDED, mtu & 0xffff));
    }

    private static void send(SkBuff skb, IcmpHeader header) {
        NetNamespace ns = skb.ns();
        Packet orig = skb.packet().withEthernet(null);
        // icmp_send never answers an ICMP error, nor a packet from a non-unicast source.
        if (orig.icmp() != null && orig.icmp().isError()) return;
        if (orig.src() == 0 || Ip4.isMulticast(orig.src()) || Ip4.isLimitedBroadcast(orig.src())) return;
        // The source is the original destination when it was ours, else whatever routing picks.
        int src = ns.isLocalAddress(orig.dst()) ? orig.dst() : 0;
        Packet err = new Packet(null, new Ipv4Header((orig.ipv4().tos() & 0x1e) | TOS_INTERNETCONTROL, 0, false, Ipv4Header.DEFAULT_TTL,
                IpProtocol.ICMP, src, orig.src()), header, new Payload.IcmpQuote(orig));
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Generated(describe(header), err.summary()));
        IpOutput.send(ns, err, 0);
    }

    /** A RST answering {@code skb}'s segment, built as nf_send_reset/tcp_v4_send_reset build it (RFC 793 p.36). */
    static void sendTcpReset(SkBuff skb) {
        NetNamespace ns = skb.ns();
        Packet orig = skb.packet();
        TcpHeader t = orig.tcp();
        if (t == null || t.has(TcpHeader.RST)) return;
        TcpHeader rst;
        if (t.has(TcpHeader.ACK)) {
            rst = new TcpHeader(t.dstPort(), t.srcPort(), t.ack(), 0, TcpHeader.RST, 0);
        } else {
            long len = orig.payload().length() + (t.has(TcpHeader.SYN) ? 1 : 0) + (t.has(TcpHeader.FIN) ? 1 : 0);
            rst = new TcpHeader(t.dstPort(), t.srcPort(), 0, (t.seq() + len) & 0xffff_ffffL, TcpHeader.RST | TcpHeader.ACK, 0);
        }
        Packet reply = new Packet(null, new Ipv4Header(0, 0, true, Ipv4Header.DEFAULT_TTL, IpProtocol.TCP, orig.dst(), orig.src()), rst, null);
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Generated("tcp reset", reply.summary()));
        IpOutput.send(ns, reply, 0);
    }

    private static String describe(IcmpHeader h) {
        if (h.type() == IcmpHeader.TIME_EXCEEDED) return "icmp time exceeded";
        if (h.type() != IcmpHeader.DEST_UNREACHABLE) return "icmp type " + h.type() + " code " + h.code();
        return switch (h.code()) {
            case IcmpHeader.NET_UNREACHABLE -> "icmp net unreachable";
            case IcmpHeader.HOST_UNREACHABLE -> "icmp host unreachable";
            case IcmpHeader.PROTOCOL_UNREACHABLE -> "icmp protocol unreachable";
            case IcmpHeader.PORT_UNREACHABLE -> "icmp port unreachable";
            case IcmpHeader.FRAG_NEEDED -> "icmp fragmentation needed (mtu " + h.rest() + ")";
            case IcmpHeader.NET_PROHIBITED -> "icmp net prohibited";
            case IcmpHeader.HOST_PROHIBITED -> "icmp host prohibited";
            case IcmpHeader.ADMIN_PROHIBITED -> "icmp admin prohibited";
            default -> "icmp unreachable code " + h.code();
        };
    }
}
