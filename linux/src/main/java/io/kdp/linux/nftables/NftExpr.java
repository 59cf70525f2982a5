package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * One expression or statement of a rule (a match, a verdict, a NAT or mark statement...).
 * Evaluation returns {@link NftVerdict#NEXT} to go on with the rule, {@code null} when the rule
 * does not match (NFT_BREAK), or a verdict that ends the rule. It must not allocate.
 */
interface NftExpr {
    NftVerdict eval(SkBuff skb, Hook hook, NftEval ev);

    /**
     * Appends the expression as {@code nft list ruleset} prints it.
     *
     * @param trace render for a trace line: counters without their values
     */
    void render(StringBuilder sb, NftFamily family, boolean trace);

    /** The chains this expression can jump or go to (for reference counting). */
    default void targets(java.util.function.Consumer<String> chains) {}

    /** Whether it needs conntrack in the namespace (ct expressions, NAT: nf_ct_netns_get). */
    default boolean needsConntrack() { return false; }

    /** Whether any source is a conntrack field. */
    static boolean usesConntrack(KeySource... sources) {
        for (KeySource s : sources) if (s == Field.CT_STATE || s == Field.CT_STATUS || s == Field.CT_MARK) return true;
        return false;
    }

    /** The named set it uses, or null. */
    default NftSet set() { return null; }

    /** Renders a concatenation {@code ip daddr . meta l4proto . th dport}. */
    static void renderSources(StringBuilder sb, KeySource[] sources) {
        for (int i = 0; i < sources.length; i++) {
            if (i > 0) sb.append(" . ");
            sources[i].render(sb);
        }
    }

    /** Loads a concatenated key, or {@link KeySource#ABSENT}. Does not allocate. */
    static long loadKey(KeySource[] sources, SkBuff skb, NftEval ev) {
        long key = 0;
        for (KeySource s : sources) {
            long v = s.load(skb, ev);
            if (v < 0) return KeySource.ABSENT;
            key = (key << s.type().width()) | v;
        }
        return key;
    }
}
