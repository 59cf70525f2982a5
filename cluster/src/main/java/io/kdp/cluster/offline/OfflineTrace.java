package io.kdp.cluster.offline;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The path enumeration {@link IptablesTrace} and {@link NftTrace} share. With {@code allPaths}, the packet is run
 * on a fresh {@link OfflineNode} for each sequence of random draws, enumerated depth-first ({@link PathDraws#next}),
 * so the evaluator is the kernel's own and only its random source is scripted; outcomes ending alike are merged,
 * their probabilities summed and rounded to 12 significant digits. Without it, one path is drawn from the node's
 * seeded random source.
 */
final class OfflineTrace {
    /** Paths followed at most with {@code allPaths} (a safety net against dumps with very many nested branches). */
    static final int MAX_PATHS = 4096;
    private static final MathContext DIGITS = new MathContext(12);

    private OfflineTrace() {}

    static TraceReport trace(TraceRequest request, OfflineRuleset ruleset) {
        List<TraceOutcome> outcomes = new ArrayList<>();
        if (!request.allPaths()) {
            OfflineNode node = new OfflineNode(request, ruleset);
            outcomes.add(node.run(request.packet(), node.randomDraws()));
        } else {
            PathDraws draws = ruleset.firstPath();
            int paths = 0;
            while (draws != null) {
                if (++paths > MAX_PATHS) {
                    throw new IllegalArgumentException("--all-paths: more than " + MAX_PATHS + " paths through the " + ruleset.branches()
                            + "; trace without --all-paths");
                }
                merge(outcomes, new OfflineNode(request, ruleset).run(request.packet(), draws));
                draws = draws.next();
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
