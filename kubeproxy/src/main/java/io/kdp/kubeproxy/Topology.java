package io.kdp.kubeproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * kube-proxy's endpoint selection (pkg/proxy/topology.go {@code CategorizeEndpoints}).
 *
 * <p>Usable endpoints are the Ready ones; when a policy has none, it falls back (independently for Cluster and
 * Local) to endpoints that are Serving and Terminating. kdp's EndpointSlice model carries no topology hints
 * ({@code hints.forZones/forNodes}), so the topology mode is always the default ("") and every ready endpoint
 * is available, which is what kube-proxy does whenever any ready endpoint lacks a hint.
 */
public final class Topology {
    private Topology() {}

    /** Categorizes {@code endpoints} (sorted, as the endpoints map holds them) for {@code svc}. */
    public static EndpointCategories categorize(List<EndpointInfo> endpoints, ServicePortInfo svc) {
        List<EndpointInfo> cluster = null, local = null;
        boolean hasAny = false;
        boolean useServingTerminating = false;

        if (svc.usesClusterEndpoints()) {
            cluster = filter(endpoints, EndpointInfo::ready);
            if (cluster.isEmpty()) cluster = filter(endpoints, ep -> ep.serving() && ep.terminating());
            if (!cluster.isEmpty()) hasAny = true;
        }
        if (!svc.usesLocalEndpoints()) return new EndpointCategories(cluster, null, cluster, hasAny);

        // Pre-scan: which kind of endpoint Local policy uses, and whether any endpoint is usable anywhere.
        boolean hasLocalReady = false, hasLocalServingTerminating = false;
        for (EndpointInfo ep : endpoints) {
            if (ep.ready()) {
                hasAny = true;
                if (ep.local()) hasLocalReady = true;
            } else if (ep.serving() && ep.terminating()) {
                hasAny = true;
                if (ep.local()) hasLocalServingTerminating = true;
            }
        }
        if (hasLocalReady) {
            local = filter(endpoints, ep -> ep.local() && ep.ready());
        } else if (hasLocalServingTerminating) {
            useServingTerminating = true;
            local = filter(endpoints, ep -> ep.local() && ep.serving() && ep.terminating());
        }
        if (!svc.usesClusterEndpoints()) return new EndpointCategories(null, local, local, hasAny);
        if (!useServingTerminating) {
            // local holds only Ready endpoints and cluster holds every Ready one: cluster is a superset.
            return new EndpointCategories(cluster, local, cluster, hasAny);
        }
        // Merge: cluster may hold remote endpoints, local terminating ones. kube-proxy merges through a Go map
        // (random order); kdp keeps the endpoint-string order of the endpoints map.
        TreeMap<String, EndpointInfo> union = new TreeMap<>();
        for (EndpointInfo ep : cluster) union.put(ep.toString(), ep);
        if (local != null) for (EndpointInfo ep : local) union.put(ep.toString(), ep);
        return new EndpointCategories(cluster, local, List.copyOf(union.values()), hasAny);
    }

    private static List<EndpointInfo> filter(List<EndpointInfo> endpoints, Predicate<EndpointInfo> keep) {
        List<EndpointInfo> out = new ArrayList<>(endpoints.size());
        for (EndpointInfo ep : endpoints) if (keep.test(ep)) out.add(ep);
        return List.copyOf(out);
    }
}
