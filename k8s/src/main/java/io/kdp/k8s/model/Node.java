package io.kdp.k8s.model;

import java.util.Optional;

/** core/v1 Node (cluster-scoped). */
public record Node(ObjectMeta metadata, NodeSpec spec, NodeStatus status) implements KubeObject {
    public Node {
        metadata = metadata.clusterScoped();
        if (spec == null) spec = NodeSpec.EMPTY;
        if (status == null) status = NodeStatus.EMPTY;
    }

    /** The first {@code InternalIP} address in {@code status.addresses}, which kube-proxy uses as the node IP. */
    public Optional<String> internalIP() {
        return address(NodeAddress.INTERNAL_IP);
    }

    /** The first address of the given type. */
    public Optional<String> address(String type) {
        return status.addresses().stream().filter(a -> a.type().equals(type)).map(NodeAddress::address).findFirst();
    }

    @Override
    public String kind() {
        return "Node";
    }

    @Override
    public String apiVersion() {
        return "v1";
    }
}
