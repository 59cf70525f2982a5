package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import java.util.function.Consumer;

/** An immediate verdict: {@code accept}, {@code drop}, {@code return}, {@code jump X}, {@code goto X}, {@code continue}. */
record VerdictStmt(NftVerdict verdict) implements NftExpr {
    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        return verdict;
    }

    @Override
    public void targets(Consumer<String> chains) {
        if (verdict.chain() != null) chains.accept(verdict.chain());
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        sb.append(verdict);
    }
}
