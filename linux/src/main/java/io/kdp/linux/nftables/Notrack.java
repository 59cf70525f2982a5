package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/** {@code notrack} (nft_notrack): conntrack will leave the packet alone; only useful before priority -200. */
record Notrack() implements NftExpr {
    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        skb.untracked(true);
        return NftVerdict.NEXT;
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        sb.append("notrack");
    }
}
