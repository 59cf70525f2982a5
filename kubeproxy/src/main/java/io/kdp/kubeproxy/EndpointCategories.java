package io.kdp.kubeproxy;

import java.util.List;

/**
 * The result of {@link Topology#categorize}: the endpoints for Cluster traffic policy (null when the service
 * port never uses Cluster policy), for Local policy (null when it never uses Local policy), every endpoint
 * reachable from this node (their union), and whether the service has usable endpoints anywhere.
 */
public record EndpointCategories(List<EndpointInfo> clusterEndpoints, List<EndpointInfo> localEndpoints,
                                 List<EndpointInfo> allReachableEndpoints, boolean hasAnyEndpoints) {
    /** Cluster endpoints, empty when null. */
    public List<EndpointInfo> cluster() {
        return clusterEndpoints == null ? List.of() : clusterEndpoints;
    }

    /** Local endpoints, empty when null. */
    public List<EndpointInfo> local() {
        return localEndpoints == null ? List.of() : localEndpoints;
    }

    /** All reachable endpoints, empty when null. */
    public List<EndpointInfo> allReachable() {
        return allReachableEndpoints == null ? List.of() : allReachableEndpoints;
    }
}
