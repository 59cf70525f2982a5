package io.kdp.k8s.model;

/** core/v1 NodeAddress: {@code type} is InternalIP, ExternalIP, Hostname, InternalDNS or ExternalDNS. */
public record NodeAddress(String type, String address) {
    public static final String INTERNAL_IP = "InternalIP";
    public static final String EXTERNAL_IP = "ExternalIP";
    public static final String HOSTNAME = "Hostname";

    public NodeAddress {
        type = Norm.str(type);
        address = Norm.str(address);
    }
}
