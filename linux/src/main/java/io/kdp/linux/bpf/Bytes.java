package io.kdp.linux.bpf;

/** Writers for the fields of C structs as BPF maps hold them. */
public final class Bytes {
    private Bytes() {}

    /** A little-endian (host order on x86-64) 16-bit field. */
    public static void le16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    /** A little-endian 32-bit field. */
    public static void le32(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    /** A little-endian 64-bit field. */
    public static void le64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    /** A network-order ({@code __be16}) field, e.g. a port. */
    public static void be16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** A network-order ({@code __be32}) field, e.g. an IPv4 address. */
    public static void be32(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >>> (24 - 8 * i));
    }
}
