package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;

/**
 * Something an nftables expression loads into a register: a header field, packet metadata, a
 * conntrack field, a fib result, or a generated number. Values are non-negative {@code long}s;
 * {@link #ABSENT} means the field is not there (a {@code tcp dport} of a UDP packet), which makes
 * the rule not match, as the kernel's payload expression breaks the rule.
 */
interface KeySource {
    long ABSENT = -1;

    /** The type of the loaded value. */
    NftType type();

    /** Loads the value for this packet; must not allocate. */
    long load(SkBuff skb, NftEval ev);

    /** Appends the expression as nft lists it, e.g. {@code ip daddr}. */
    void render(StringBuilder sb);
}
