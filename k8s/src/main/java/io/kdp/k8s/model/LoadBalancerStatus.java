package io.kdp.k8s.model;

import java.util.List;

/** core/v1 LoadBalancerStatus. */
public record LoadBalancerStatus(List<LoadBalancerIngress> ingress) {
    public LoadBalancerStatus {
        ingress = Norm.list(ingress);
    }
}
