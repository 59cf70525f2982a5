package io.kdp.cluster.offline;

/**
 * {@code kdp nft trace}: follows one packet through a node loaded with a real {@code nft list ruleset} dump (for
 * example kube-proxy's table {@code ip kube-proxy}), on the emulated kernel's own path, as
 * {@link IptablesTrace} does for iptables-save dumps.
 *
 * <p>With {@code allPaths}, every value of every {@code numgen random mod N} expression is followed
 * ({@link OfflineTrace}): {@code mod N} gives N outcomes of probability 1/N each (products along nested draws).
 * Without it, one path is drawn from the seeded random source.
 */
public final class NftTrace {
    /** Paths followed at most with {@code allPaths}. */
    public static final int MAX_PATHS = OfflineTrace.MAX_PATHS;

    private NftTrace() {}

    /**
     * Traces the request's packet; {@code request.rules()} is the ruleset text.
     *
     * @throws io.kdp.linux.nftables.NftException ({@code FILE:LINE:COLUMNS: Error: ...}) when the ruleset does not load
     * @throws IllegalArgumentException for other bad input, or when there are more than {@link #MAX_PATHS} paths
     */
    public static TraceReport trace(TraceRequest request) {
        return OfflineTrace.trace(request, new NftRuleset());
    }
}
