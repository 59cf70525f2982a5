package io.kdp.k8s.model;

/** discovery/v1 AddressType of an EndpointSlice. */
public enum AddressType implements ApiEnum {
    IPV4("IPv4"),
    IPV6("IPv6"),
    FQDN("FQDN");

    private final String apiName;

    AddressType(String apiName) {
        this.apiName = apiName;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    /** The constant spelled {@code apiName} in the API, or {@code null}. */
    public static AddressType fromApi(String apiName) {
        return ApiEnum.fromApi(AddressType.class, apiName);
    }

    /** The API spelling. */
    @Override
    public String toString() {
        return apiName;
    }
}
