package io.kdp.cluster.offline;

import io.kdp.linux.NetNamespace;
import java.util.SplittableRandom;

/**
 * One kind of dump an {@link OfflineNode} can be loaded with (iptables-save, nft list ruleset): how it loads, how
 * its load-balancing rules draw at random, and how its trace steps read.
 */
interface OfflineRuleset {
    /**
     * Loads the node state the rules rely on, before the request's sysctls are set (so that they override what this
     * sets) and before {@link #load}: nothing by default.
     */
    default void loadState(NetNamespace node) {}

    /** Loads the request's rules into the node; throws the ruleset's own parse exception naming file and line. */
    void load(NetNamespace node, TraceRequest request);

    /** Draws from {@code random} (the node's own seeded source), as the kernel would. */
    PathDraws randomDraws(SplittableRandom random);

    /** The scripted draws of the first of all paths. */
    PathDraws firstPath();

    /** What branches, for the error when there are too many paths: {@code statistic rules}. */
    String branches();

    /** The step lines of the loaded node. */
    StepLines stepLines(NetNamespace node);
}
