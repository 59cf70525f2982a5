package io.kdp.linux.conntrack;

/**
 * Bob Jenkins' lookup3 as include/linux/jhash.h implements it, for the one-word case NAT uses to
 * pick an address from a range (find_best_ips_proto), and reciprocal_scale.
 */
final class Jhash {
    private Jhash() {}

    /** JHASH_INITVAL. */
    private static final int INITVAL = 0xdeadbeef;

    /** jhash2(&k, 1, initval). */
    static int jhash2One(int k, int initval) {
        int a = INITVAL + (1 << 2) + initval;
        int b = a;
        int c = a;
        a += k;
        // __jhash_final
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    /** reciprocal_scale: maps a u32 onto [0, epRo) by multiplication. */
    static int reciprocalScale(int val, int epRo) {
        return (int) (((val & 0xffffffffL) * (epRo & 0xffffffffL)) >>> 32);
    }
}
