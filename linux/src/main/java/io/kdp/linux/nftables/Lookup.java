package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/** Set membership (nft_lookup): {@code ip daddr @cluster-ips}, {@code ip saddr != { 10.0.0.0/8, ... }}. */
record Lookup(KeySource[] sources, NftSet target, boolean negate) implements NftExpr {
    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        long key = NftExpr.loadKey(sources, skb, ev);
        if (key < 0) return null;
        boolean found = target.lookup(key, ev.now()) != null;
        return found != negate ? NftVerdict.NEXT : null;
    }

    @Override
    public NftSet set() {
        return target.anonymous() ? null : target;
    }

    @Override
    public boolean needsConntrack() {
        return NftExpr.usesConntrack(sources);
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        NftExpr.renderSources(sb, sources);
        sb.append(negate ? " != " : " ");
        NftWriter.setReference(sb, target, 0);
    }
}
