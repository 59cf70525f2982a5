package io.kdp.cluster.offline;

/**
 * {@code kdp iptables trace}: follows one packet through a node loaded with a real
 * {@code iptables-save} dump, using the emulated kernel's own path (netfilter hooks, conntrack,
 * NAT, routing, IPVS), and reports how it ends.
 *
 * <p>With {@code allPaths}, every branch of {@code statistic --mode random} rules is followed
 * ({@link OfflineTrace}): each path's probability is the product of the branch probabilities computed
 * from the stored 31-bit fractions. Without it, one path is drawn from the seeded random source.
 *
 * <p>An IPVS-mode node is traced from its {@code ipset save} and {@code ipvsadm-save -n} dumps too
 * ({@link #trace(TraceRequest, IpvsNodeDumps)}): IPVS's scheduler decides the first connection without drawing
 * at random ({@link IpvsDecision}), so it adds no branch; its decision is the outcome's {@code ipvs} and {@code dnat}.
 */
public final class IptablesTrace {
    /** Paths followed at most with {@code allPaths} (a safety net against dumps with very many nested branches). */
    public static final int MAX_PATHS = OfflineTrace.MAX_PATHS;

    private IptablesTrace() {}

    /**
     * Traces the request's packet.
     *
     * @throws io.kdp.linux.iptables.IptablesParseException ({@code FILE:LINE: reason}) when the dump does not load
     * @throws IllegalArgumentException for other bad input, or when there are more than {@link #MAX_PATHS} paths
     */
    public static TraceReport trace(TraceRequest request) {
        return trace(request, IpvsNodeDumps.NONE);
    }

    /**
     * Traces the request's packet on a node that also holds the ipsets and IPVS services of {@code ipvs}, restored
     * before the rules.
     *
     * @throws io.kdp.kubeproxy.ipvs.IpvsDumps.IpvsDumpException ({@code FILE:LINE: reason}) when an IPVS or ipset dump does not load
     * @throws io.kdp.linux.iptables.IptablesParseException ({@code FILE:LINE: reason}) when the rules do not load
     * @throws IllegalArgumentException for other bad input, or when there are more than {@link #MAX_PATHS} paths
     */
    public static TraceReport trace(TraceRequest request, IpvsNodeDumps ipvs) {
        return OfflineTrace.trace(request, new IptablesRuleset(ipvs));
    }
}
