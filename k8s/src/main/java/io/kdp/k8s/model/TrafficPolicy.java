package io.kdp.k8s.model;

/** Service externalTrafficPolicy / internalTrafficPolicy values (core/v1). */
public enum TrafficPolicy implements ApiEnum {
    CLUSTER("Cluster"),
    LOCAL("Local");

    private final String apiName;

    TrafficPolicy(String apiName) {
        this.apiName = apiName;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    /** The constant spelled {@code apiName} in the API, or {@code null}. */
    public static TrafficPolicy fromApi(String apiName) {
        return ApiEnum.fromApi(TrafficPolicy.class, apiName);
    }

    /** The API spelling. */
    @Override
    public String toString() {
        return apiName;
    }
}
