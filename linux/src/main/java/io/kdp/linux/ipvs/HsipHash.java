package io.kdp.linux.ipvs;

/**
 * The kernel's hsiphash on 64-bit machines (lib/siphash.c: "on 64-bit, we make HalfSipHash1-3
 * actually be SipHash1-3"): SipHash with one compression round and three finalization rounds,
 * a 128-bit key of two 64-bit words, the 64-bit result truncated to 32 bits. Only the 4-byte
 * input ip_vs_mh_hashkey hashes is needed.
 */
final class HsipHash {
    private HsipHash() {}

    /** hsiphash(&v, sizeof(u32), key) with {@code v} a host-order (little-endian) u32. */
    static int hashU32(int v, long key0, long key1) {
        long v0 = 0x736f6d6570736575L ^ key0;
        long v1 = 0x646f72616e646f6dL ^ key1;
        long v2 = 0x6c7967656e657261L ^ key0;
        long v3 = 0x7465646279746573L ^ key1;
        long b = (4L << 56) | (v & 0xffffffffL);
        // HPOSTAMBLE
        v3 ^= b;
        // one SIPROUND
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= b;
        v2 ^= 0xff;
        for (int i = 0; i < 3; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return (int) ((v0 ^ v1) ^ (v2 ^ v3));
    }
}
