package io.kdp.cluster.offline;

/** How the traced packet's journey through the node ended. */
public enum Verdict {
    /** Accepted at INPUT (delivered locally) or sent out of the node. */
    ACCEPT,
    /** Dropped by a rule, a chain policy or the stack (martian, no route). */
    DROP,
    /** Dropped with an ICMP error or TCP reset sent back (iptables REJECT). */
    REJECT
}
