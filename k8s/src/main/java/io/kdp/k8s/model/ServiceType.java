package io.kdp.k8s.model;

/** core/v1 ServiceType; the API default is ClusterIP. */
public enum ServiceType implements ApiEnum {
    CLUSTER_IP("ClusterIP"),
    NODE_PORT("NodePort"),
    LOAD_BALANCER("LoadBalancer"),
    EXTERNAL_NAME("ExternalName");

    private final String apiName;

    ServiceType(String apiName) {
        this.apiName = apiName;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    /** The constant spelled {@code apiName} in the API, or {@code null}. */
    public static ServiceType fromApi(String apiName) {
        return ApiEnum.fromApi(ServiceType.class, apiName);
    }

    /** The API spelling. */
    @Override
    public String toString() {
        return apiName;
    }
}
