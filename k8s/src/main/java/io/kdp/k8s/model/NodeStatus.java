package io.kdp.k8s.model;

import java.util.List;

/** core/v1 NodeStatus: the addresses kdp uses (conditions, capacity etc. are accepted but not modelled). */
public record NodeStatus(List<NodeAddress> addresses) {
    public NodeStatus {
        addresses = Norm.list(addresses);
    }

    public static final NodeStatus EMPTY = new NodeStatus(List.of());
}
