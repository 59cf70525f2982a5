package io.kdp.k8s.model;

import java.util.List;

/**
 * core/v1 PodStatus, the fields kdp uses. {@code phase} is null when the manifest has none (a pod not yet
 * seen by a kubelet). As the API server keeps them consistent, {@code podIP} and {@code podIPs[0]} fill each
 * other.
 */
public record PodStatus(PodPhase phase, String podIP, List<String> podIPs, String hostIP, List<PodCondition> conditions) {
    public PodStatus {
        podIP = Norm.str(podIP);
        podIPs = Norm.list(podIPs);
        hostIP = Norm.str(hostIP);
        conditions = Norm.list(conditions);
        if (podIPs.isEmpty() && !podIP.isEmpty()) podIPs = List.of(podIP);
        if (podIP.isEmpty() && !podIPs.isEmpty()) podIP = podIPs.get(0);
    }

    public static final PodStatus EMPTY = new PodStatus(null, "", List.of(), "", List.of());

    /** A running, ready pod with the given IPs (for tests and for the emulated kubelet). */
    public static PodStatus running(String podIP, String hostIP, boolean ready) {
        return new PodStatus(PodPhase.RUNNING, podIP, List.of(), hostIP,
                List.of(new PodCondition(PodCondition.READY, ready ? "True" : "False")));
    }

    /** Whether the condition of type Ready has status True (podutil.IsPodReady). */
    public boolean ready() {
        return conditions.stream().anyMatch(c -> c.type().equals(PodCondition.READY) && c.isTrue());
    }
}
