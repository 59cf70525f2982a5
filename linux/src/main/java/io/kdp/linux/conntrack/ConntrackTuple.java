package io.kdp.linux.conntrack;

import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;

/**
 * struct nf_conntrack_tuple for IPv4: what identifies one direction of a connection.
 *
 * @param src source address
 * @param dst destination address
 * @param protocol IPv4 protocol number
 * @param srcPort TCP/UDP source port, or the ICMP identifier ({@code src.u.icmp.id}), else 0
 * @param dstPort TCP/UDP destination port, or for ICMP {@code type << 8 | code} ({@code dst.u.icmp}), else 0
 */
public record ConntrackTuple(int src, int dst, int protocol, int srcPort, int dstPort) {

    /** The tuple of a packet (nf_ct_get_tuple): ports for TCP/UDP, id/type/code for ICMP, addresses only otherwise. */
    public static ConntrackTuple of(Packet p) {
        int proto = p.protocol();
        if (proto == IpProtocol.ICMP && p.icmp() != null) {
            IcmpHeader i = p.icmp();
            // icmp_pkt_to_tuple reads un.echo.id whatever the type
            return new ConntrackTuple(p.src(), p.dst(), proto, i.identifier(), i.dstPort());
        }
        if (hasPorts(proto)) return new ConntrackTuple(p.src(), p.dst(), proto, p.srcPort(), p.dstPort());
        return new ConntrackTuple(p.src(), p.dst(), proto, 0, 0);
    }

    /** Whether the protocol's tuple carries ports (nf_ct_port_tuple_to_nlattr users we model). */
    public static boolean hasPorts(int protocol) {
        return protocol == IpProtocol.TCP || protocol == IpProtocol.UDP || protocol == IpProtocol.SCTP;
    }

    public int icmpType() {
        return dstPort >>> 8;
    }

    public int icmpCode() {
        return dstPort & 0xff;
    }

    /**
     * The tuple of the other direction (nf_ct_invert_tuple). ICMP inverts only query types
     * (echo, timestamp, info, address mask: nf_conntrack_invert_icmp_tuple's invmap); for other
     * ICMP types there is no reply and this returns null.
     */
    public ConntrackTuple invert() {
        if (protocol == IpProtocol.ICMP) {
            int inv = invertIcmpType(icmpType());
            if (inv < 0) return null;
            return new ConntrackTuple(dst, src, protocol, srcPort, (inv << 8) | icmpCode());
        }
        return new ConntrackTuple(dst, src, protocol, dstPort, srcPort);
    }

    private static int invertIcmpType(int type) {
        return switch (type) {
            case IcmpHeader.ECHO_REQUEST -> IcmpHeader.ECHO_REPLY;
            case IcmpHeader.ECHO_REPLY -> IcmpHeader.ECHO_REQUEST;
            case 13 -> 14; // timestamp
            case 14 -> 13;
            case 15 -> 16; // information request
            case 16 -> 15;
            case 17 -> 18; // address mask
            case 18 -> 17;
            default -> -1;
        };
    }

    public ConntrackTuple withSrc(int address, int port) {
        return new ConntrackTuple(address, dst, protocol, port, dstPort);
    }

    public ConntrackTuple withDst(int address, int port) {
        return new ConntrackTuple(src, address, protocol, srcPort, port);
    }

    /** The tuple as {@code conntrack -L} prints it, with a trailing space: {@code src=A dst=B sport=1 dport=2 }. */
    void appendTo(StringBuilder sb) {
        sb.append("src=").append(Ip4.format(src)).append(" dst=").append(Ip4.format(dst)).append(' ');
        if (hasPorts(protocol)) {
            sb.append("sport=").append(srcPort).append(" dport=").append(dstPort).append(' ');
        } else if (protocol == IpProtocol.ICMP) {
            sb.append("type=").append(icmpType()).append(" code=").append(icmpCode()).append(" id=").append(srcPort).append(' ');
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.substring(0, sb.length() - 1);
    }
}
