package io.kdp.k8s.model;

/** networking/v1 NetworkPolicy (namespaced). */
public record NetworkPolicy(ObjectMeta metadata, NetworkPolicySpec spec) implements KubeObject {
    public NetworkPolicy {
        metadata = metadata.namespaced();
        if (spec == null) spec = new NetworkPolicySpec(null, null, null, null);
    }

    @Override
    public String kind() {
        return "NetworkPolicy";
    }

    @Override
    public String apiVersion() {
        return "networking.k8s.io/v1";
    }
}
