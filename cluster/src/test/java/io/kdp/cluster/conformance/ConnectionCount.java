package io.kdp.cluster.conformance;

/**
 * How many connections a flow needs so that the real kernel, which picks {@code statistic} branches
 * at random, shows every outcome kdp predicts.
 *
 * <p>With k outcomes the least likely of which has probability p, the chance that n independent
 * connections miss at least one outcome is at most {@code k (1 - p)^n} (union bound). The suite
 * allows {@link #MISS} per flow, so {@code n = ceil(ln(k / MISS) / -ln(1 - p))}: 31 connections for
 * two endpoints, 54 for three, 101 for five (p = 1/5: 5 * 0.8^101 = 8e-10), 106 for a 3/16 branch.
 * Over the whole corpus (under 200 flows with random branches) a spurious failure stays below 2e-7 per run. Flows
 * with a single outcome still get {@link #MINIMUM} connections, so that an outcome kdp did not
 * predict at all would be seen unless it were rare.
 */
final class ConnectionCount {
    /** Accepted chance that one flow misses one of its predicted outcomes. */
    static final double MISS = 1e-9;
    /** Connections of a flow with a single predicted outcome. */
    static final int MINIMUM = 6;

    private ConnectionCount() {}

    static int of(int outcomes, double minProbability) {
        if (outcomes <= 1 || minProbability >= 1) return MINIMUM;
        if (minProbability <= 0) throw new IllegalArgumentException("an outcome of probability " + minProbability + " cannot be observed");
        double n = Math.log(outcomes / MISS) / -Math.log1p(-minProbability);
        return Math.max(MINIMUM, (int) Math.ceil(n));
    }
}
