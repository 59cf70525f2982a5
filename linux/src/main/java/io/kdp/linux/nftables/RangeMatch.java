package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * A range or prefix match: {@code tcp sport 1024-65535} (nft_range), {@code ip saddr 10.0.0.0/8}
 * (nft_bitwise + nft_cmp). Both reduce to {@code lo <= v <= hi}.
 */
record RangeMatch(KeySource source, boolean negate, long lo, long hi, boolean prefix) implements NftExpr {
    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        long v = source.load(skb, ev);
        if (v < 0) return null;
        return (v >= lo && v <= hi) != negate ? NftVerdict.NEXT : null;
    }

    @Override
    public boolean needsConntrack() {
        return NftExpr.usesConntrack(source);
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        source.render(sb);
        sb.append(negate ? " != " : " ");
        NftType t = source.type();
        sb.append(t.format(lo));
        if (prefix) sb.append('/').append(NftSet.prefixLength(t, lo, hi));
        else sb.append('-').append(t.format(hi));
    }
}
