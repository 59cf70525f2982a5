package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code update @set { ip saddr }} / {@code add @set { ... }} (nft_dynset): adds the packet's key to
 * a dynamic set with the set's timeout; {@code update} also refreshes an existing element's expiry.
 * kube-proxy uses it for ClientIP session affinity.
 */
record SetUpdate(boolean update, NftSet target, KeySource[] sources) implements NftExpr {
    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        long key = NftExpr.loadKey(sources, skb, ev);
        if (key < 0) return null;
        long now = ev.now();
        long expires = target.timeoutNanos == 0 ? 0 : now + target.timeoutNanos;
        NftElement e = target.lookup(key, now);
        if (e == null) {
            target.remove(new NftElement(key, key, null, null, 0, null, 0)); // an expired one
            target.add(new NftElement(key, key, null, null, 0, null, expires));
        } else if (update) {
            e.expires = expires;
        }
        return NftVerdict.NEXT;
    }

    @Override
    public NftSet set() {
        return target;
    }

    @Override
    public boolean needsConntrack() {
        return NftExpr.usesConntrack(sources);
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        sb.append(update ? "update @" : "add @").append(target.name()).append(" { ");
        NftExpr.renderSources(sb, sources);
        sb.append(" }");
    }
}
