package io.kdp.linux.bpf;

/**
 * How a key or value type is laid out in a BPF map: its fixed size and its bytes (in the byte order
 * the C struct holds them: {@code __be32} addresses and {@code __be16} ports in network order, other
 * integers little-endian as on x86-64). Used to print maps as {@code bpftool map dump} does.
 */
public interface BpfCodec<T> {
    /** sizeof the C struct, padding included. */
    int size();

    /** Writes {@code value} into {@code out} at {@code offset}; {@code out} is zeroed. */
    void write(T value, byte[] out, int offset);

    /** The value's bytes. */
    default byte[] encode(T value) {
        byte[] b = new byte[size()];
        write(value, b, 0);
        return b;
    }

    /** A {@code __u32} in host (little-endian) byte order. */
    BpfCodec<Integer> U32 = new BpfCodec<>() {
        public int size() { return 4; }
        public void write(Integer v, byte[] out, int off) { Bytes.le32(out, off, v); }
    };

    /** A {@code __u16} in host (little-endian) byte order. */
    BpfCodec<Integer> U16 = new BpfCodec<>() {
        public int size() { return 2; }
        public void write(Integer v, byte[] out, int off) { Bytes.le16(out, off, v); }
    };

    /** A {@code __u8}. */
    BpfCodec<Integer> U8 = new BpfCodec<>() {
        public int size() { return 1; }
        public void write(Integer v, byte[] out, int off) { out[off] = (byte) (int) v; }
    };

    /** A {@code __u32} array of {@code n} elements (an inner array map's single value, as Cilium's Maglev table). */
    static BpfCodec<int[]> u32Array(int n) {
        return new BpfCodec<>() {
            public int size() { return 4 * n; }
            public void write(int[] v, byte[] out, int off) {
                for (int i = 0; i < n && i < v.length; i++) Bytes.le32(out, off + 4 * i, v[i]);
            }
        };
    }
}
