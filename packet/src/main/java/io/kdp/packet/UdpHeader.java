package io.kdp.packet;

/** A UDP header; length and checksum are derived at encode time. */
public record UdpHeader(int srcPort, int dstPort) implements Transport {
    public static final int LENGTH = 8;

    public UdpHeader {
        TcpHeader.checkPort(srcPort);
        TcpHeader.checkPort(dstPort);
    }

    @Override
    public int headerLength() {
        return LENGTH;
    }

    public UdpHeader withPorts(int sport, int dport) {
        return new UdpHeader(sport, dport);
    }
}
