package io.kdp.k8s.policy;

/** How one direction (egress from the source, ingress to the destination) decided a connection. */
public enum Outcome {
    /** That end is not a pod (an external or node address): NetworkPolicy does not govern it. */
    NOT_A_POD(true),
    /** That end is a hostNetwork pod, treated as its node: never isolated. */
    HOST_NETWORK(true),
    /** No policy with this policy type selects the pod: everything is allowed. */
    NOT_ISOLATED(true),
    /** A rule of a selecting policy matched. */
    ALLOWED_BY_RULE(true),
    /** Ingress from the destination pod's own node, always allowed (kubelet probes). */
    ALLOWED_FROM_LOCAL_NODE(true),
    /** A packet of an already allowed connection (stateful enforcement). */
    ESTABLISHED(true),
    /** Isolated, and no rule of any selecting policy matched. */
    DENIED(false);

    private final boolean allows;

    Outcome(boolean allows) {
        this.allows = allows;
    }

    public boolean allows() {
        return allows;
    }
}
