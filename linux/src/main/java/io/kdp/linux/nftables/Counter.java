package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/** {@code counter packets N bytes M} (nft_counter): counts packets and their IP lengths. */
final class Counter implements NftExpr {
    long packets;
    long bytes;

    Counter(long packets, long bytes) {
        this.packets = packets;
        this.bytes = bytes;
    }

    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        packets++;
        bytes += skb.packet().ipTotalLength();
        return NftVerdict.NEXT;
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        sb.append("counter");
        if (!trace) sb.append(" packets ").append(packets).append(" bytes ").append(bytes);
    }
}
