package io.kdp.k8s.model;

/** networking/v1 PolicyType of a NetworkPolicy. */
public enum PolicyType implements ApiEnum {
    INGRESS("Ingress"),
    EGRESS("Egress");

    private final String apiName;

    PolicyType(String apiName) {
        this.apiName = apiName;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    /** The constant spelled {@code apiName} in the API, or {@code null}. */
    public static PolicyType fromApi(String apiName) {
        return ApiEnum.fromApi(PolicyType.class, apiName);
    }

    /** The API spelling. */
    @Override
    public String toString() {
        return apiName;
    }
}
