package io.kdp.packet.wire;

/**
 * The Internet checksum (RFC 1071): the 16-bit ones' complement of the ones' complement sum of the
 * data taken as big-endian 16-bit words (an odd trailing byte is padded with zero). Used for the IPv4
 * header, ICMP, and for TCP and UDP over the IPv4 pseudo-header (RFC 793 / RFC 768). Verifying a
 * block that already holds its correct checksum yields 0.
 */
public final class Checksum {
    private Checksum() {}

    /** Adds {@code len} bytes at {@code off} to a running (unfolded) ones' complement sum. */
    public static long sum(byte[] b, int off, int len, long acc) {
        int i = off, end = off + len;
        for (; i + 1 < end; i += 2) acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        if (i < end) acc += (b[i] & 0xff) << 8;
        return acc;
    }

    /** Folds carries back into 16 bits and complements: the value to put in a checksum field. */
    public static int finish(long acc) {
        while ((acc >>> 16) != 0) acc = (acc & 0xffff) + (acc >>> 16);
        return (int) (~acc & 0xffff);
    }

    /** RFC 1071 checksum of {@code len} bytes at {@code off}. */
    public static int internet(byte[] b, int off, int len) {
        return finish(sum(b, off, len, 0));
    }

    /**
     * The IPv4 header checksum of the header at {@code off} with length {@code headerLength}
     * (IHL * 4), computed as if the checksum field (bytes 10-11) were zero.
     */
    public static int ipv4Header(byte[] b, int off, int headerLength) {
        long acc = sum(b, off, 10, 0);
        acc = sum(b, off + 12, headerLength - 12, acc);
        return finish(acc);
    }

    /** The ones' complement sum of the IPv4 pseudo-header: addresses, zero, protocol, transport length. */
    public static long pseudoHeader(int src, int dst, int protocol, int length) {
        return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
    }

    /**
     * TCP or UDP checksum over the pseudo-header and the segment at {@code off}, with the segment's own
     * checksum field taken as it is (zero it first to compute; leave it to verify, expecting 0).
     */
    public static int transport(int src, int dst, int protocol, byte[] b, int off, int len) {
        return finish(sum(b, off, len, pseudoHeader(src, dst, protocol, len)));
    }

    /**
     * The value a UDP sender puts in the checksum field: as {@link #transport} but a computed 0 is sent
     * as 0xffff, since 0 on the wire means "no checksum" (RFC 768).
     */
    public static int udp(int src, int dst, byte[] b, int off, int len) {
        int c = transport(src, dst, 17, b, off, len);
        return c == 0 ? 0xffff : c;
    }
}
