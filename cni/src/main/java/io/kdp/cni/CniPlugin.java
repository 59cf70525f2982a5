package io.kdp.cni;

import io.kdp.k8s.model.Namespace;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.Pod;
import io.kdp.linux.NetNamespace;
import java.util.List;

/**
 * A CNI plugin with its node agent: it wires each node into the pod network (routes, tunnels,
 * daemons' rules) and attaches pods (the CNI ADD command).
 */
public interface CniPlugin {
    /** The name scenarios use for it, e.g. {@code routed}. */
    String name();

    /** Sets up {@code node}'s pod networking, knowing every node of the cluster (including itself). */
    void setupNode(NodeNetwork node, List<NodeNetwork> cluster);

    /**
     * CNI ADD: creates the pod's interface in {@code podNs}, gives it {@code address} (from the
     * node's IPAM) and connects it to the node.
     *
     * @param pod {@code namespace/name}
     */
    PodAttachment addPod(NodeNetwork node, String pod, NetNamespace podNs, int address);

    /**
     * The plugin's own IPAM (Calico's, for example): the address for {@code pod} on {@code node},
     * or empty to have the runtime use host-local on the node's podCIDR.
     *
     * @param requested the address the manifest gives ({@code status.podIP}), or 0
     * @throws IllegalArgumentException when the address cannot be given (the message says why)
     */
    default java.util.OptionalInt assignAddress(NodeNetwork node, String pod, int requested) {
        return java.util.OptionalInt.empty();
    }

    /**
     * Called once every pod is attached, for node agents that program routes and policy from the
     * whole cluster (BGP, Felix): the pods with their nodes and addresses, the NetworkPolicies and
     * the Namespaces.
     */
    default void clusterReady(List<NodeNetwork> nodes, List<Pod> pods, List<NetworkPolicy> policies, List<Namespace> namespaces) {}
}
