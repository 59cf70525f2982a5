package io.kdp.k8s.model;

import java.util.List;

/** networking/v1 NetworkPolicyIngressRule: empty {@code ports} = all ports, empty {@code from} = all sources. */
public record NetworkPolicyIngressRule(List<NetworkPolicyPort> ports, List<NetworkPolicyPeer> from) {
    public NetworkPolicyIngressRule {
        ports = Norm.list(ports);
        from = Norm.list(from);
    }
}
