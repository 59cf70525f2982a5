package io.kdp.cluster.offline;

import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.Transport;
import io.kdp.packet.UdpHeader;

/**
 * The first packet of a new connection that an offline trace follows: a TCP SYN, a UDP datagram,
 * or an ICMP echo request (whose identifier is {@code sport}; {@code dport} is unused).
 *
 * @param src source address
 * @param dst destination address
 * @param protocol {@link IpProtocol#TCP}, {@link IpProtocol#UDP} or {@link IpProtocol#ICMP}
 * @param sport source port (ICMP: echo identifier)
 * @param dport destination port (0 for ICMP)
 */
public record TracePacket(int src, int dst, int protocol, int sport, int dport) {
    /** The IPv4 identification the traced packet carries, so that the ICMP errors and resets the stack generates in answer are told apart from it. */
    static final int IP_ID = 0x6b64;

    public TracePacket {
        if (protocol == IpProtocol.SCTP) {
            throw new IllegalArgumentException("--proto sctp: not supported yet (kdp's packet model has no SCTP header); use tcp, udp or icmp");
        }
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP && protocol != IpProtocol.ICMP) {
            throw new IllegalArgumentException("--proto " + IpProtocol.name(protocol) + ": expected tcp, udp or icmp");
        }
        checkPort("--sport", sport);
        checkPort("--dport", dport);
    }

    private static void checkPort(String option, int port) {
        if (port < 0 || port > 0xffff) throw new IllegalArgumentException(option + " " + port + ": expected a port in 0..65535");
    }

    /** The protocol's lower-case name ({@code tcp}, {@code udp}, {@code icmp}). */
    public String protocolName() {
        return IpProtocol.name(protocol);
    }

    /** The packet as a socket would send it: TCP SYN, UDP datagram or ICMP echo request, TTL 64, DF set. */
    Packet toPacket() {
        Transport t = switch (protocol) {
            case IpProtocol.TCP -> new TcpHeader(sport, dport, 1, 0, TcpHeader.SYN, TcpHeader.DEFAULT_WINDOW);
            case IpProtocol.UDP -> new UdpHeader(sport, dport);
            default -> IcmpHeader.echoRequest(sport, 1);
        };
        return new Packet(null, Ipv4Header.of(protocol, src, dst, IP_ID), t, null);
    }

    /** {@code tcp 10.0.0.5:40000 -> 10.96.0.10:53}, or {@code icmp 10.0.0.5 -> 10.0.0.6} for ICMP. */
    public String describe() {
        if (protocol == IpProtocol.ICMP) return protocolName() + " " + Ip4.format(src) + " -> " + Ip4.format(dst);
        return protocolName() + " " + Ip4.format(src) + ":" + sport + " -> " + Ip4.format(dst) + ":" + dport;
    }
}
