package io.kdp.k8s.model;

/**
 * discovery/v1 EndpointConditions. The fields are nullable as in the API; the {@code is*} helpers apply the
 * API's documented reading of nil, which is also kube-proxy's (pkg/proxy/endpointslicecache.go):
 * ready nil = true, serving nil = true, terminating nil = false.
 */
public record EndpointConditions(Boolean ready, Boolean serving, Boolean terminating) {
    public static final EndpointConditions UNKNOWN = new EndpointConditions(null, null, null);

    /** "A nil value should be interpreted as true." */
    public boolean isReady() {
        return ready == null || ready;
    }

    /** "A nil value should be interpreted as true." */
    public boolean isServing() {
        return serving == null || serving;
    }

    /** "A nil value should be interpreted as false." */
    public boolean isTerminating() {
        return terminating != null && terminating;
    }
}
