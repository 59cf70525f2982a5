package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code meta mark set VALUE}, or {@code meta mark set meta mark | X} ({@code ^}, {@code &}) as
 * kube-proxy's {@code mark set mark or 0x4000} lists (nft_meta set with nft_bitwise).
 */
record MarkSet(Op op, long value) implements NftExpr {
    /** How the new mark derives from the old one. */
    enum Op {
        SET(""), OR(" | "), XOR(" ^ "), AND(" & ");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        int v = (int) value;
        int m = skb.mark();
        skb.mark(switch (op) {
            case SET -> v;
            case OR -> m | v;
            case XOR -> m ^ v;
            case AND -> m & v;
        });
        return NftVerdict.NEXT;
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        sb.append("meta mark set ");
        if (op != Op.SET) sb.append("meta mark").append(op.symbol);
        sb.append(NftType.MARK.format(value));
    }
}
