package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * A relational match (nft_cmp, with nft_bitwise for a mask): {@code ip protocol tcp},
 * {@code meta mark & 0x00004000 == 0x00000000}, {@code fib daddr type local}. For flag types
 * ({@code ct state}, {@code ct status}) a bare value means "any of these bits is set".
 *
 * @param mask the {@code &} mask, or -1 for none
 */
record Compare(KeySource source, boolean negate, long value, long mask) implements NftExpr {
    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        long v = source.load(skb, ev);
        if (v < 0) return null;
        boolean match;
        if (source.type().isFlags() && mask == -1) match = (v & value) != 0;
        else match = (mask == -1 ? v : v & mask) == value;
        return match != negate ? NftVerdict.NEXT : null;
    }

    @Override
    public boolean needsConntrack() {
        return NftExpr.usesConntrack(source);
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        source.render(sb);
        NftType t = source.type();
        if (mask != -1) {
            sb.append(" & ").append(t.format(mask)).append(negate ? " != " : " == ");
        } else {
            sb.append(negate ? " != " : " ");
        }
        sb.append(t.format(value));
    }
}
