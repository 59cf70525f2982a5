package io.kdp.cluster;

import io.kdp.k8s.model.Pod;
import io.kdp.linux.NetNamespace;

/**
 * A pod as built: its manifest (with status.podIP filled in), the node it runs on, and the network
 * namespace it lives in (the node's own for hostNetwork pods).
 */
public record PodHost(Pod pod, String node, NetNamespace ns, int ip) {
    /** {@code namespace/name}. */
    public String key() {
        return pod.key();
    }
}
