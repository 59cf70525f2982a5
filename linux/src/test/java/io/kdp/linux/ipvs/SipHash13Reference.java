package io.kdp.linux.ipvs;

/** A straightforward byte-wise SipHash-c-d (c = 1, d = 3) from the SipHash paper, to check {@link HsipHash}. */
final class SipHash13Reference {
    private SipHash13Reference() {}

    static int hash(byte[] in, long k0, long k1) {
        long[] v = {0x736f6d6570736575L ^ k0, 0x646f72616e646f6dL ^ k1, 0x6c7967656e657261L ^ k0, 0x7465646279746573L ^ k1};
        int blocks = in.length / 8;
        for (int i = 0; i < blocks; i++) {
            long m = 0;
            for (int j = 7; j >= 0; j--) m = (m << 8) | (in[i * 8 + j] & 0xff);
            v[3] ^= m;
            round(v);
            v[0] ^= m;
        }
        long b = ((long) in.length) << 56;
        for (int j = in.length - 1; j >= blocks * 8; j--) b |= (long) (in[j] & 0xff) << (8 * (j - blocks * 8));
        v[3] ^= b;
        round(v);
        v[0] ^= b;
        v[2] ^= 0xff;
        for (int i = 0; i < 3; i++) round(v);
        return (int) (v[0] ^ v[1] ^ v[2] ^ v[3]);
    }

    private static void round(long[] v) {
        v[0] += v[1]; v[1] = Long.rotateLeft(v[1], 13); v[1] ^= v[0]; v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3]; v[3] = Long.rotateLeft(v[3], 16); v[3] ^= v[2];
        v[0] += v[3]; v[3] = Long.rotateLeft(v[3], 21); v[3] ^= v[0];
        v[2] += v[1]; v[1] = Long.rotateLeft(v[1], 17); v[1] ^= v[2]; v[2] = Long.rotateLeft(v[2], 32);
    }
}
