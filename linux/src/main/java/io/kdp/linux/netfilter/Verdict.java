package io.kdp.linux.netfilter;

/** What a hook function decides for a packet (NF_ACCEPT, NF_DROP, NF_STOLEN). */
public enum Verdict {
    /** Continue to the next hook function, then on along the path. */
    ACCEPT,
    /** Free the packet. {@link io.kdp.linux.SkBuff#dropReason()} says why. */
    DROP,
    /** A hook function took the packet (IPVS transmitting it itself, for instance); stop here quietly. */
    STOLEN
}
