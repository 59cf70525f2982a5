package io.kdp.cluster.offline;

import io.kdp.linux.NetNamespace;
import java.math.BigDecimal;

/**
 * The random draws a ruleset's load-balancing rules make during one run of the traced packet (the seam
 * {@code --all-paths} scripts): either from the node's seeded random source, or scripted so that every branch is
 * followed depth-first, one fresh node per path.
 */
interface PathDraws {
    /** Makes the node's ruleset draw from these. */
    void install(NetNamespace node);

    /** The probability of the path taken: the product of the probabilities of the branches drawn (1 with no draw). */
    BigDecimal probability();

    /** Scripted draws for the next path depth-first after the one just run, or null when every path has been run. */
    PathDraws next();
}
