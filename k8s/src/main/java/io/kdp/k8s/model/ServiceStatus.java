package io.kdp.k8s.model;

import java.util.List;

/** core/v1 ServiceStatus (conditions are accepted but not modelled). */
public record ServiceStatus(LoadBalancerStatus loadBalancer) {
    public ServiceStatus {
        if (loadBalancer == null) loadBalancer = new LoadBalancerStatus(List.of());
    }

    public static final ServiceStatus EMPTY = new ServiceStatus(null);

    /** Shortcut for {@code loadBalancer.ingress}. */
    public List<LoadBalancerIngress> ingress() {
        return loadBalancer.ingress();
    }
}
