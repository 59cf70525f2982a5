package io.kdp.k8s.model;

import java.util.List;

/** networking/v1 NetworkPolicyEgressRule: empty {@code ports} = all ports, empty {@code to} = all destinations. */
public record NetworkPolicyEgressRule(List<NetworkPolicyPort> ports, List<NetworkPolicyPeer> to) {
    public NetworkPolicyEgressRule {
        ports = Norm.list(ports);
        to = Norm.list(to);
    }
}
