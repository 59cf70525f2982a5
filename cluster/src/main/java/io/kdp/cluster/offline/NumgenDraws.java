package io.kdp.cluster.offline;

import io.kdp.linux.NetNamespace;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * The values {@code numgen random mod N} expressions draw during one run of the traced packet, either scripted
 * (to enumerate every branch depth-first: value 0 first, then 1, ... N-1) or from the node's seeded random source.
 * nft_numgen's random mode is uniform, so each value has probability 1/N.
 */
final class NumgenDraws implements IntUnaryOperator, PathDraws {
    /** Precision of the path probabilities (1/3 does not terminate); reports round to 12 digits. */
    private static final MathContext PRECISION = MathContext.DECIMAL128;

    /** One draw: the value taken and the modulus it was drawn from. */
    record Draw(int value, int modulus) {}

    private final List<Integer> script;
    private final SplittableRandom random;
    private final List<Draw> draws = new ArrayList<>();

    private NumgenDraws(List<Integer> script, SplittableRandom random) {
        this.script = script;
        this.random = random;
    }

    /** Draws that follow {@code script}, then take value 0. */
    static NumgenDraws scripted(List<Integer> script) {
        return new NumgenDraws(List.copyOf(script), null);
    }

    /** Draws from a random source, as the kernel would. */
    static NumgenDraws random(SplittableRandom random) {
        return new NumgenDraws(List.of(), random);
    }

    /** Answers the node's {@code numgen random} expressions. */
    @Override
    public void install(NetNamespace node) {
        node.nftables().numgenRandom(this);
    }

    @Override
    public int applyAsInt(int modulus) {
        int v;
        if (random != null) {
            v = random.nextInt(modulus);
        } else {
            int i = draws.size();
            v = i < script.size() ? Math.min(script.get(i), modulus - 1) : 0;
        }
        draws.add(new Draw(v, modulus));
        return v;
    }

    /** The draws made so far, in order. */
    List<Draw> draws() {
        return List.copyOf(draws);
    }

    /** The product of 1/N over the draws (1 with no draw). */
    @Override
    public BigDecimal probability() {
        BigDecimal p = BigDecimal.ONE;
        for (Draw d : draws) p = p.divide(BigDecimal.valueOf(d.modulus()), PRECISION);
        return p;
    }

    @Override
    public NumgenDraws next() {
        List<Integer> script = nextScript();
        return script == null ? null : scripted(script);
    }

    /** The script of the next path depth-first: the last draw that has a higher value left, incremented; null when all are run. */
    List<Integer> nextScript() {
        for (int i = draws.size() - 1; i >= 0; i--) {
            Draw d = draws.get(i);
            if (d.value() < d.modulus() - 1) {
                List<Integer> next = new ArrayList<>(i + 1);
                for (int j = 0; j < i; j++) next.add(draws.get(j).value());
                next.add(d.value() + 1);
                return next;
            }
        }
        return null;
    }
}
