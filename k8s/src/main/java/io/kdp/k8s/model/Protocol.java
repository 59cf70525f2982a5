package io.kdp.k8s.model;

/** Transport protocol of a port (core/v1 Protocol); the API default is TCP. */
public enum Protocol implements ApiEnum {
    TCP("TCP"),
    UDP("UDP"),
    SCTP("SCTP");

    private final String apiName;

    Protocol(String apiName) {
        this.apiName = apiName;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    /** The constant spelled {@code apiName} in the API, or {@code null}. */
    public static Protocol fromApi(String apiName) {
        return ApiEnum.fromApi(Protocol.class, apiName);
    }

    /** The API spelling. */
    @Override
    public String toString() {
        return apiName;
    }
}
