package io.kdp.cluster.offline;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.iptables.StatisticMatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * The random bits {@code statistic --mode random} rules draw during one run of the traced packet,
 * either scripted (to enumerate every branch depth-first) or from the node's seeded random source.
 *
 * <p>xt_statistic matches when {@code (get_random_u32() & 0x7fffffff) < probability}, the
 * probability being stored as a 31-bit fraction; the branch "below" therefore has probability
 * {@code fraction / 2^31} and "not below" the rest, whatever {@code !} does with the result. A
 * scripted draw answers 0 for "below" and {@code 0x7fffffff} for "not below".
 */
final class StatisticDraws implements ToIntFunction<StatisticMatch>, PathDraws {
    private static final long ONE = 0x8000_0000L;
    private static final BigDecimal TWO_POW_31 = BigDecimal.valueOf(ONE);

    /** One draw: whether it fell below the rule's fraction, and that fraction (0..2^31). */
    record Draw(boolean below, long fraction) {
        /** Whether the other branch could have been taken. */
        boolean hasAlternative() {
            return below && fraction < ONE;
        }

        /** The exact probability of the branch taken. */
        BigDecimal probability() {
            long n = below ? fraction : ONE - fraction;
            return new BigDecimal(n).divide(TWO_POW_31); // exact: a dyadic fraction
        }
    }

    private final List<Boolean> script;
    private final SplittableRandom random;
    private final List<Draw> draws = new ArrayList<>();

    private StatisticDraws(List<Boolean> script, SplittableRandom random) {
        this.script = script;
        this.random = random;
    }

    /** Draws that follow {@code script} ("below" = true), then take the first possible branch ("below" when it can happen). */
    static StatisticDraws scripted(List<Boolean> script) {
        return new StatisticDraws(List.copyOf(script), null);
    }

    /** Draws from a random source, as the kernel would. */
    static StatisticDraws random(SplittableRandom random) {
        return new StatisticDraws(List.of(), random);
    }

    /** Answers the node's {@code statistic} matches. */
    @Override
    public void install(NetNamespace node) {
        node.iptables().statisticRandom(this);
    }

    @Override
    public int applyAsInt(StatisticMatch match) {
        long fraction = match.probabilityFraction() & 0xffff_ffffL;
        if (random != null) {
            int r = random.nextInt();
            draws.add(new Draw((r & 0x7fff_ffff) < fraction, fraction));
            return r;
        }
        int i = draws.size();
        boolean below = i < script.size() ? script.get(i) : fraction > 0;
        draws.add(new Draw(below, fraction));
        return below ? 0 : 0x7fff_ffff;
    }

    /** The draws made so far, in order. */
    List<Draw> draws() {
        return List.copyOf(draws);
    }

    /** The product of the probabilities of the branches taken (1 with no draw). */
    @Override
    public BigDecimal probability() {
        BigDecimal p = BigDecimal.ONE;
        for (Draw d : draws) p = p.multiply(d.probability());
        return p;
    }

    @Override
    public StatisticDraws next() {
        List<Boolean> script = nextScript();
        return script == null ? null : scripted(script);
    }

    /**
     * The script of the next path depth-first after this one: the decisions up to the last draw
     * whose other branch is still unexplored, with that branch flipped; null when every path has been run.
     */
    List<Boolean> nextScript() {
        for (int i = draws.size() - 1; i >= 0; i--) {
            if (draws.get(i).hasAlternative()) {
                List<Boolean> next = new ArrayList<>(i + 1);
                for (int j = 0; j < i; j++) next.add(draws.get(j).below());
                next.add(false);
                return next;
            }
        }
        return null;
    }
}
