package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import java.util.function.Consumer;

/**
 * A verdict map lookup (nft_lookup with a verdict register): {@code ip daddr . meta l4proto . th
 * dport vmap @service-ips}, {@code numgen random mod 2 vmap { 0 : goto a, 1 : goto b }}. The key
 * is packed into a {@code long}, so the lookup is one primitive hash probe. A miss does not match.
 */
record VerdictMap(KeySource[] sources, NftSet map) implements NftExpr {
    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        long key = NftExpr.loadKey(sources, skb, ev);
        if (key < 0) return null;
        NftElement e = map.lookup(key, ev.now());
        return e == null ? null : e.verdict;
    }

    @Override
    public NftSet set() {
        return map.anonymous() ? null : map;
    }

    @Override
    public void targets(Consumer<String> chains) {
        if (!map.anonymous()) return; // named maps count their own elements' references
        for (NftElement e : map.snapshot()) if (e.verdict.chain() != null) chains.accept(e.verdict.chain());
    }

    @Override
    public boolean needsConntrack() {
        return NftExpr.usesConntrack(sources);
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        NftExpr.renderSources(sb, sources);
        sb.append(" vmap ");
        NftWriter.setReference(sb, map, 0);
    }
}
