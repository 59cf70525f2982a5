package io.kdp.packet;

/**
 * A TCP header without options (data offset 5). The checksum is derived at encode time.
 *
 * @param flags bit set of {@link #FIN}, {@link #SYN}, {@link #RST}, {@link #PSH}, {@link #ACK}, {@link #URG}
 */
public record TcpHeader(int srcPort, int dstPort, long seq, long ack, int flags, int window) implements Transport {
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;
    public static final int LENGTH = 20;
    /** The window Linux advertises in a SYN by default (64240 bytes with a 1460 MSS). */
    public static final int DEFAULT_WINDOW = 64240;

    public TcpHeader {
        checkPort(srcPort);
        checkPort(dstPort);
        if (seq < 0 || seq > 0xffff_ffffL || ack < 0 || ack > 0xffff_ffffL) throw new IllegalArgumentException("seq/ack out of range");
    }

    static void checkPort(int port) {
        if (port < 0 || port > 0xffff) throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }

    @Override
    public int headerLength() {
        return LENGTH;
    }

    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    public TcpHeader withPorts(int sport, int dport) {
        return new TcpHeader(sport, dport, seq, ack, flags, window);
    }

    /** Flags as tcpdump prints them, e.g. {@code [S.]} for SYN-ACK. */
    public String flagString() {
        StringBuilder sb = new StringBuilder("[");
        if (has(SYN)) sb.append('S');
        if (has(FIN)) sb.append('F');
        if (has(RST)) sb.append('R');
        if (has(PSH)) sb.append('P');
        if (has(URG)) sb.append('U');
        if (has(ACK)) sb.append('.');
        return sb.append(']').toString();
    }
}
