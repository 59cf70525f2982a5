package io.kdp.k8s.model;

/**
 * networking/v1 NetworkPolicyPort. {@code protocol} defaults to TCP; {@code port} null means all ports;
 * {@code endPort} (nullable) makes {@code port..endPort} a range and requires a numeric port.
 */
public record NetworkPolicyPort(Protocol protocol, IntOrString port, Integer endPort) {
    public NetworkPolicyPort {
        if (protocol == null) protocol = Protocol.TCP;
    }
}
