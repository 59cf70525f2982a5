package io.kdp.k8s.model;

/** core/v1 ServiceAffinity; the API default is None. */
public enum SessionAffinity implements ApiEnum {
    NONE("None"),
    CLIENT_IP("ClientIP");

    private final String apiName;

    SessionAffinity(String apiName) {
        this.apiName = apiName;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    /** The constant spelled {@code apiName} in the API, or {@code null}. */
    public static SessionAffinity fromApi(String apiName) {
        return ApiEnum.fromApi(SessionAffinity.class, apiName);
    }

    /** The API spelling. */
    @Override
    public String toString() {
        return apiName;
    }
}
