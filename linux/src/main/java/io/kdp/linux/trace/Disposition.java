package io.kdp.linux.trace;

/** How a packet's journey ended (after Batfish's flow dispositions). */
public enum Disposition {
    /** Reached a local socket. */
    DELIVERED,
    /** Accepted by the last hook it met (offline rule traces, which stop before any socket). */
    ACCEPTED,
    /** Dropped by a rule, a policy, a sysctl or a missing socket; the reason says which. */
    DROPPED,
    /** Dropped with an ICMP error or TCP reset sent back (iptables REJECT, closed port). */
    REJECTED,
    /** No route matched. */
    NO_ROUTE,
    /** A blackhole route swallowed it. */
    BLACKHOLED,
    /** An unreachable route answered with ICMP host unreachable. */
    UNREACHABLE,
    /** A prohibit route answered with ICMP administratively prohibited. */
    PROHIBITED,
    /** The next hop's link-layer address could not be resolved. */
    NEIGHBOR_UNREACHABLE,
    /** Larger than the path MTU with DF set; ICMP fragmentation needed was sent. */
    FRAGMENTATION_NEEDED,
    /** It went round in circles: TTL ran out, or it crossed the same place too often. */
    LOOP,
    /** Taken by a hook function that sends it itself (IPVS) and not seen again. */
    STOLEN
}
