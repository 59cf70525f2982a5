package io.kdp.packet.wire;

import io.kdp.packet.Packet;
import io.kdp.packet.pcap.LinkType;
import java.util.List;

/**
 * Converts {@link Packet} records to and from the exact bytes a Linux host puts on the wire.
 *
 * <p>Encoding: Ethernet II when present (no padding, no FCS, as a sender-side capture shows it), IPv4
 * with IHL 5 and derived total length and header checksum, TCP with data offset 5, UDP with derived
 * length, and TCP/UDP/ICMP checksums (a computed UDP checksum of 0 is sent as 0xffff, RFC 768;
 * a {@link io.kdp.packet.UdpHeader#zeroChecksum()} header is sent with checksum 0, and decoding a
 * captured 0 sets that flag). An ICMP
 * error's {@link io.kdp.packet.Payload.IcmpQuote} is the original's IPv4 packet (its Ethernet header
 * dropped) cut at {@link io.kdp.packet.Payload.IcmpQuote#MAX_QUOTED} bytes. A
 * {@link io.kdp.packet.Payload.Tunnel} is the VXLAN (RFC 7348) or Geneve (RFC 8926, no options) header
 * followed by the inner frame, or with no header the inner packet directly (IP-in-IP, protocol 4, and
 * flannel's udp backend). Standard headers are built with Pcap4J's builders.
 *
 * <p>Decoding maps the same structures back; see {@link #decode}.
 */
public final class PacketCodec {
    private PacketCodec() {}

    /** The wire bytes of {@code p}; starts with the Ethernet header when {@code p} has one. */
    public static byte[] encode(Packet p) {
        return FrameEncoder.frame(p);
    }

    /**
     * Parses a captured frame. UDP to port 4789 or 8472 whose first byte has the VXLAN I flag (0x08)
     * becomes a {@link io.kdp.packet.Payload.Tunnel} with a {@link io.kdp.packet.VxlanHeader} and an inner
     * Ethernet frame; UDP to 6081 a Geneve tunnel (protocol 0x6558 inner Ethernet, 0x0800 inner IPv4);
     * UDP to 8285 starting with an IPv4 header flannel's udp backend (tunnel without header); IPv4
     * protocol 4 an IP-in-IP tunnel; ICMP errors an {@link io.kdp.packet.Payload.IcmpQuote}, whose
     * original, when cut short, keeps what is there as {@link io.kdp.packet.Payload.Data} after the last
     * complete header. Other UDP and TCP payloads are {@link io.kdp.packet.Payload.Data}.
     *
     * <p>Not kept, so re-encoding differs from such input: IPv4 options (IHL &gt; 5) and TCP options
     * (data offset &gt; 5) are skipped, as are Geneve options, the TCP urgent pointer, reserved bits,
     * trailing Ethernet padding and the original length of a truncated quote.
     *
     * @throws DecodeException for truncated headers, non-IPv4 ethertypes, IP protocols other than
     *         ICMP, IP-in-IP, TCP and UDP, IPv4 fragments, or inconsistent lengths; the message names
     *         the byte offset
     */
    public static Packet decode(byte[] bytes, LinkType linkType) {
        return new FrameDecoder(bytes, false).decode(linkType);
    }

    /**
     * Every checksum in the frame that is wrong, as messages such as
     * {@code TCP checksum 0x1234 should be 0xabcd at byte offset 50}: IPv4 headers, TCP, UDP (0 means
     * none and passes) and ICMP, including those of tunnelled inner packets; not those of packets
     * quoted by ICMP errors, which may be truncated.
     *
     * @throws DecodeException when the frame cannot be parsed at all
     */
    public static List<String> checksumProblems(byte[] frame, LinkType linkType) {
        FrameDecoder d = new FrameDecoder(frame, true);
        d.decode(linkType);
        return d.problems();
    }

    /** Whether every checksum in the frame is right; see {@link #checksumProblems}. */
    public static boolean checksumsValid(byte[] frame, LinkType linkType) {
        return checksumProblems(frame, linkType).isEmpty();
    }

    /**
     * The outer UDP source port Linux vxlan would choose for {@code inner}; see {@link UdpSourcePort}.
     * {@code min >= max} (vxlan's default port range 0-0) means the ephemeral range 32768-60999.
     */
    public static int vxlanSourcePort(Packet inner, int min, int max) {
        return UdpSourcePort.of(inner, min, max);
    }
}
