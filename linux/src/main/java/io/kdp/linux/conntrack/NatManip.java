package io.kdp.linux.conntrack;

import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.Transport;
import io.kdp.packet.UdpHeader;

/**
 * Rewrites packets to a NAT target tuple (nf_nat_ipv4_manip_pkt with the l4proto manips of
 * nf_nat_proto.c). Checksums need no work here: the packet model derives them when encoding.
 */
final class NatManip {
    private NatManip() {}

    /**
     * Makes {@code p}'s source (SRC) or destination (DST) address and port those of {@code target}.
     * For ICMP query messages the identifier becomes the target's (icmp_manip_pkt); ICMP errors keep
     * their header.
     */
    static Packet apply(Packet p, ConntrackTuple target, NatType manip) {
        Transport t = p.transport();
        Transport nt = t;
        if (t instanceof TcpHeader tcp) {
            nt = manip == NatType.SRC ? tcp.withPorts(target.srcPort(), tcp.dstPort()) : tcp.withPorts(tcp.srcPort(), target.dstPort());
        } else if (t instanceof UdpHeader udp) {
            nt = manip == NatType.SRC ? udp.withPorts(target.srcPort(), udp.dstPort()) : udp.withPorts(udp.srcPort(), target.dstPort());
        } else if (t instanceof IcmpHeader icmp && isQuery(icmp.type())) {
            nt = new IcmpHeader(icmp.type(), icmp.code(), (target.srcPort() << 16) | icmp.sequence());
        }
        return new Packet(p.ethernet(), manip == NatType.SRC ? p.ipv4().withSrc(target.src()) : p.ipv4().withDst(target.dst()), nt,
                p.payload());
    }

    /** ICMP types whose header carries an identifier that icmp_manip_pkt rewrites. */
    static boolean isQuery(int type) {
        return type == IcmpHeader.ECHO_REPLY || type == IcmpHeader.ECHO_REQUEST || (type >= 13 && type <= 18);
    }

    /**
     * nf_nat_icmp_reply_translation's two rewrites of an ICMP error for a NATed connection: the
     * quoted packet gets the opposite manip towards {@code ct->tuplehash[!dir]}, the outer header
     * looks like the reply to that tuple.
     */
    static Packet translateIcmpError(Packet outer, ConntrackEntry ct, CtDirection dir, NatType manip) {
        Payload.IcmpQuote quote = (Payload.IcmpQuote) outer.payload();
        ConntrackTuple other = ct.tuple(dir.other());
        NatType inverse = manip == NatType.SRC ? NatType.DST : NatType.SRC;
        Packet inner = apply(quote.original(), other, inverse);
        ConntrackTuple target = other.invert();
        Packet rewritten = apply(outer, target, manip);
        return rewritten.withPayload(new Payload.IcmpQuote(inner));
    }

    /** {@code ip:port} for port protocols, {@code ip} otherwise: how the NAT trace step names an endpoint. */
    static String endpoint(Packet p, NatType side) {
        int ip = side == NatType.SRC ? p.src() : p.dst();
        if (ConntrackTuple.hasPorts(p.protocol()) && p.transport() != null) {
            return Ip4.format(ip) + ":" + (side == NatType.SRC ? p.srcPort() : p.dstPort());
        }
        if (p.protocol() == IpProtocol.ICMP && p.icmp() != null && isQuery(p.icmp().type())) {
            return Ip4.format(ip) + " id " + p.icmp().identifier();
        }
        return Ip4.format(ip);
    }
}
