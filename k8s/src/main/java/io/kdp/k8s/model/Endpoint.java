package io.kdp.k8s.model;

import java.util.List;

/**
 * discovery/v1 Endpoint. {@code conditions} is never null (absent = all nil); {@code hostname}, {@code nodeName},
 * {@code zone} and {@code targetRef} are nullable as in the API.
 */
public record Endpoint(List<String> addresses, EndpointConditions conditions, String hostname, String nodeName,
                       String zone, ObjectReference targetRef) {
    public Endpoint {
        addresses = Norm.list(addresses);
        if (conditions == null) conditions = EndpointConditions.UNKNOWN;
    }
}
