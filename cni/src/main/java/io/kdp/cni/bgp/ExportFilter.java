package io.kdp.cni.bgp;

/**
 * A speaker's export filter (BIRD's {@code export filter ...} on a BGP protocol): whether the best
 * route {@code route} may be advertised to {@code to}. It runs after the RFC 4271 / RFC 4456
 * advertisement rules, so it can only remove routes.
 */
@FunctionalInterface
public interface ExportFilter {
    /** {@code export all}. */
    ExportFilter ALL = (speaker, to, route) -> true;

    boolean accept(BgpSpeaker speaker, Neighbor to, BgpRoute route);

    /** Both filters must accept. */
    default ExportFilter and(ExportFilter other) {
        return (s, n, r) -> accept(s, n, r) && other.accept(s, n, r);
    }
}
