package io.kdp.cluster.offline;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kdp iptables trace}: follows one packet through a node loaded with a real
 * {@code iptables-save} dump, using the emulated kernel's own path (netfilter hooks, conntrack,
 * NAT, routing), and reports how it ends.
 *
 * <p>With {@code allPaths}, every branch of {@code statistic --mode random} rules is followed:
 * the packet is run again on a fresh node for each sequence of "matched / did not match" draws,
 * enumerated depth-first, so the evaluator is the kernel's own and only its random source is
 * scripted. Each distinct outcome is reported with the sum of its paths' probabilities (each the
 * product of the branch probabilities computed from the stored 31-bit fractions), rounded to 12
 * significant digits. Without it, one path is drawn from the seeded random source.
 */
public final class IptablesTrace {
    /** Paths followed at most with {@code allPaths} (a safety net against dumps with very many nested branches). */
    public static final int MAX_PATHS = 4096;
    private static final MathContext DIGITS = new MathContext(12);

    private IptablesTrace() {}

    /**
     * Traces the request's packet.
     *
     * @throws io.kdp.linux.iptables.IptablesParseException ({@code FILE:LINE: reason}) when the dump does not load
     * @throws IllegalArgumentException for other bad input, or when there are more than {@link #MAX_PATHS} paths
     */
    public static TraceReport trace(TraceRequest request) {
        List<TraceOutcome> outcomes = new ArrayList<>();
        if (!request.allPaths()) {
            OfflineNode node = new OfflineNode(request);
            outcomes.add(node.run(request.packet(), node.randomDraws()));
        } else {
            List<Boolean> script = List.of();
            int paths = 0;
            while (script != null) {
                if (++paths > MAX_PATHS) {
                    throw new IllegalArgumentException("--all-paths: more than " + MAX_PATHS + " paths through the statistic rules; trace without --all-paths");
                }
                StatisticDraws draws = StatisticDraws.scripted(script);
                merge(outcomes, new OfflineNode(request).run(request.packet(), draws));
                script = draws.nextScript();
            }
        }
        List<TraceOutcome> rounded = new ArrayList<>(outcomes.size());
        for (TraceOutcome o : outcomes) rounded.add(o.withProbability(round(o.probability())));
        return new TraceReport(request.packet(), rounded);
    }

    private static void merge(List<TraceOutcome> outcomes, TraceOutcome o) {
        for (int i = 0; i < outcomes.size(); i++) {
            TraceOutcome seen = outcomes.get(i);
            if (seen.sameAs(o)) {
                outcomes.set(i, seen.withProbability(seen.probability().add(o.probability())));
                return;
            }
        }
        outcomes.add(o);
    }

    static BigDecimal round(BigDecimal p) {
        BigDecimal r = p.round(DIGITS).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }
}
