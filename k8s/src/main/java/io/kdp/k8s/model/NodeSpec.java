package io.kdp.k8s.model;

import java.util.List;

/**
 * core/v1 NodeSpec (taints are accepted in manifests but not modelled). As the API server does, a
 * {@code podCIDR} without {@code podCIDRs} fills {@code podCIDRs} with it, and vice versa.
 */
public record NodeSpec(String podCIDR, List<String> podCIDRs, boolean unschedulable) {
    public NodeSpec {
        podCIDR = Norm.str(podCIDR);
        podCIDRs = Norm.list(podCIDRs);
        if (podCIDRs.isEmpty() && !podCIDR.isEmpty()) podCIDRs = List.of(podCIDR);
        if (podCIDR.isEmpty() && !podCIDRs.isEmpty()) podCIDR = podCIDRs.get(0);
    }

    public static final NodeSpec EMPTY = new NodeSpec("", List.of(), false);
}
