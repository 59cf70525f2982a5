package io.kdp.cni.calico.felix;

import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.Pod;
import java.util.List;

/**
 * A pod on this node as Felix sees it (proto.WorkloadEndpoint): its interface, its profiles and
 * the policies of tier {@code default} that apply in each direction, in order.
 */
public record WorkloadEndpoint(String iface, Pod pod, List<NetworkPolicy> ingress, List<NetworkPolicy> egress) {
    public WorkloadEndpoint {
        ingress = List.copyOf(ingress);
        egress = List.copyOf(egress);
    }

    /** {@code kns.<namespace>}: the namespace profile, which allows everything both ways. */
    public String namespaceProfile() {
        return "kns." + pod.metadata().namespace();
    }

    /** {@code ksa.<namespace>.<serviceAccount>}: the service account profile (no rules); kdp pods run as {@code default}. */
    public String serviceAccountProfile() {
        return "ksa." + pod.metadata().namespace() + ".default";
    }
}
