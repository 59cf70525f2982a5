package io.kdp.kubeproxy.ebpf;

/**
 * MurmurHash3_x64_128 (Austin Appleby's public-domain reference), the hash Cilium's Maglev
 * (pkg/maglev, pkg/murmur3 Hash128) applies to a backend's name with the cluster's 32-bit seed.
 */
public final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {}

    /** The two 64-bit halves {h1, h2} of the 128-bit hash of {@code data}. */
    public static long[] hash128(byte[] data, int seed) {
        long h1 = seed & 0xffffffffL, h2 = seed & 0xffffffffL;
        int len = data.length, blocks = len / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = le64(data, i * 16), k2 = le64(data, i * 16 + 8);
            k1 *= C1; k1 = Long.rotateLeft(k1, 31); k1 *= C2; h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729;
            k2 *= C2; k2 = Long.rotateLeft(k2, 33); k2 *= C1; h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 16, rem = len & 15;
        long k1 = 0, k2 = 0;
        for (int i = rem - 1; i >= 8; i--) k2 ^= (data[tail + i] & 0xffL) << (8 * (i - 8));
        if (rem > 8) {
            k2 *= C2; k2 = Long.rotateLeft(k2, 33); k2 *= C1; h2 ^= k2;
        }
        for (int i = Math.min(rem, 8) - 1; i >= 0; i--) k1 ^= (data[tail + i] & 0xffL) << (8 * i);
        if (rem > 0) {
            k1 *= C1; k1 = Long.rotateLeft(k1, 31); k1 *= C2; h1 ^= k1;
        }
        h1 ^= len; h2 ^= len;
        h1 += h2; h2 += h1;
        h1 = fmix64(h1); h2 = fmix64(h2);
        h1 += h2; h2 += h1;
        return new long[] {h1, h2};
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long le64(byte[] b, int o) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[o + i] & 0xffL);
        return v;
    }
}
