package io.kdp.linux.conntrack;

/** Connection status bits ({@code enum ip_conntrack_status}, include/uapi/linux/netfilter/nf_conntrack_common.h). */
public final class CtStatus {
    private CtStatus() {}

    /** A connection an expectation created (helpers; unused here). */
    public static final int EXPECTED = 1 << 0;
    /** Packets have been seen in both directions. */
    public static final int SEEN_REPLY = 1 << 1;
    /** Conntrack will not early-drop this connection. */
    public static final int ASSURED = 1 << 2;
    /** In the hash table. */
    public static final int CONFIRMED = 1 << 3;
    /** The reply tuple's destination differs from the original source: source NAT. */
    public static final int SRC_NAT = 1 << 4;
    /** The reply tuple's source differs from the original destination: destination NAT. */
    public static final int DST_NAT = 1 << 5;
    public static final int NAT_MASK = DST_NAT | SRC_NAT;
    public static final int SEQ_ADJUST = 1 << 6;
    /** The SRC binding is set up (possibly a null binding). */
    public static final int SRC_NAT_DONE = 1 << 7;
    /** The DST binding is set up (possibly a null binding). */
    public static final int DST_NAT_DONE = 1 << 8;
    public static final int NAT_DONE_MASK = DST_NAT_DONE | SRC_NAT_DONE;
    /** Being destroyed. */
    public static final int DYING = 1 << 9;
    public static final int FIXED_TIMEOUT = 1 << 10;
    public static final int TEMPLATE = 1 << 11;
    /** IPS_NAT_CLASH (reuses the old UNTRACKED bit). */
    public static final int NAT_CLASH = 1 << 12;
    public static final int HELPER = 1 << 13;
    public static final int OFFLOAD = 1 << 14;
    public static final int HW_OFFLOAD = 1 << 15;
}
