package io.kdp.packet;

/**
 * A UDP header; length and checksum are derived at encode time.
 *
 * @param zeroChecksum send the checksum field as 0, "no checksum" (RFC 768), as a Linux VXLAN device
 *                     created with {@code noudpcsum} does (VXLAN_F_UDP_ZERO_CSUM_TX); decoding sets it
 *                     when the captured checksum is 0
 */
public record UdpHeader(int srcPort, int dstPort, boolean zeroChecksum) implements Transport {
    public static final int LENGTH = 8;

    public UdpHeader {
        TcpHeader.checkPort(srcPort);
        TcpHeader.checkPort(dstPort);
    }

    /** A header whose checksum is computed when encoded. */
    public UdpHeader(int srcPort, int dstPort) {
        this(srcPort, dstPort, false);
    }

    /** A header sent with checksum 0 (no checksum). */
    public static UdpHeader withoutChecksum(int srcPort, int dstPort) {
        return new UdpHeader(srcPort, dstPort, true);
    }

    @Override
    public int headerLength() {
        return LENGTH;
    }

    /** New ports; the checksum choice is kept. */
    public UdpHeader withPorts(int sport, int dport) {
        return new UdpHeader(sport, dport, zeroChecksum);
    }
}
