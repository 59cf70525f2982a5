package io.kdp.linux.tunnel;

/**
 * ECN across a tunnel (RFC 6040, include/net/inet_ecn.h): the outer header copies the inner ECN
 * field, a CE inner becoming ECT(0) outside (INET_ECN_encapsulate); at decapsulation a CE outer
 * marks an ECN-capable inner CE (INET_ECN_decapsulate).
 */
final class TunnelEcn {
    static final int MASK = 0x3, NOT_ECT = 0, ECT_0 = 0x2, CE = 0x3;

    private TunnelEcn() {}

    /** The outer TOS byte for {@code tos} (the DSCP part the device chose) over an inner TOS byte. */
    static int encapsulate(int tos, int innerTos) {
        int inner = innerTos & MASK;
        return (tos & ~MASK) | (inner == CE ? ECT_0 : inner);
    }

    /** The inner TOS after decapsulation under {@code outerTos}; -1 when RFC 6040 says drop (CE outside a not-ECT inner). */
    static int decapsulate(int outerTos, int innerTos) {
        if ((outerTos & MASK) != CE) return innerTos;
        if ((innerTos & MASK) == NOT_ECT) return -1;
        return innerTos | CE;
    }
}
