package io.kdp.cluster.offline;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code kdp nft trace}: follows one packet through a node loaded with a real {@code nft list ruleset} dump (for
 * example kube-proxy's table {@code ip kube-proxy}), on the emulated kernel's own path, as
 * {@link IptablesTrace} does for iptables-save dumps.
 *
 * <p>With {@code allPaths}, every value of every {@code numgen random mod N} expression is followed: the packet is
 * run again on a fresh node for each sequence of values, enumerated depth-first; {@code mod N} gives N outcomes of
 * probability 1/N each (products along nested draws), outcomes ending alike are merged and their probabilities
 * summed, rounded to 12 significant digits. Without it, one path is drawn from the seeded random source.
 */
public final class NftTrace {
    /** Paths followed at most with {@code allPaths}. */
    public static final int MAX_PATHS = IptablesTrace.MAX_PATHS;

    private NftTrace() {}

    /**
     * Traces the request's packet; {@code request.rules()} is the ruleset text.
     *
     * @throws io.kdp.linux.nftables.NftException ({@code FILE:LINE:COLUMNS: Error: ...}) when the ruleset does not load
     * @throws IllegalArgumentException for other bad input, or when there are more than {@link #MAX_PATHS} paths
     */
    public static TraceReport trace(TraceRequest request) {
        List<TraceOutcome> outcomes = new ArrayList<>();
        if (!request.allPaths()) {
            NftOfflineNode node = new NftOfflineNode(request);
            outcomes.add(node.run(request.packet(), node.randomDraws()));
        } else {
            List<Integer> script = List.of();
            int paths = 0;
            while (script != null) {
                if (++paths > MAX_PATHS) {
                    throw new IllegalArgumentException("--all-paths: more than " + MAX_PATHS + " paths through the numgen expressions; trace without --all-paths");
                }
                NumgenDraws draws = NumgenDraws.scripted(script);
                merge(outcomes, new NftOfflineNode(request).run(request.packet(), draws));
                script = draws.nextScript();
            }
        }
        List<TraceOutcome> rounded = new ArrayList<>(outcomes.size());
        for (TraceOutcome o : outcomes) rounded.add(o.withProbability(IptablesTrace.round(o.probability())));
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
}
