package io.kdp.packet;

/**
 * Bob Jenkins' lookup3 as the kernel implements it in include/linux/jhash.h, which conntrack's NAT
 * range choice, ipset's hash tables and the UDP tunnel source port all use, plus
 * reciprocal_scale (include/linux/kernel.h).
 */
public final class Jhash {
    private Jhash() {}

    /** JHASH_INITVAL. */
    public static final int INITVAL = 0xdeadbeef;

    /** jhash2(k, length, initval) for 1 to 3 words (the words past {@code length} are ignored). */
    public static int jhash2(int k0, int k1, int k2, int length, int initval) {
        if (length < 1 || length > 3) throw new IllegalArgumentException("jhash2 over " + length + " words");
        int a = INITVAL + (length << 2) + initval;
        int b = a, c = a;
        if (length == 3) c += k2;
        if (length >= 2) b += k1;
        a += k0;
        return finalMix(a, b, c);
    }

    /** jhash_3words(a, b, c, initval). */
    public static int jhash3Words(int a, int b, int c, int initval) {
        int seed = initval + INITVAL + (3 << 2);
        return finalMix(a + seed, b + seed, c + seed);
    }

    /** __jhash_final: returns c. */
    private static int finalMix(int a, int b, int c) {
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    /** reciprocal_scale: maps a u32 onto [0, range) by multiplication. */
    public static int reciprocalScale(int val, int range) {
        return (int) (((val & 0xffffffffL) * (range & 0xffffffffL)) >>> 32);
    }
}
