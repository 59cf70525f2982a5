package io.kdp.cni;

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
}
