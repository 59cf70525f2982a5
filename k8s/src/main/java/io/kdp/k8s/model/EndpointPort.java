package io.kdp.k8s.model;

/**
 * discovery/v1 EndpointPort. Defaults as SetDefaults_EndpointPort: {@code name} "" and {@code protocol} TCP.
 * {@code port} is nullable ("not specified" means ports are not restricted); {@code appProtocol} is nullable.
 */
public record EndpointPort(String name, Protocol protocol, Integer port, String appProtocol) {
    public EndpointPort {
        name = Norm.str(name);
        if (protocol == null) protocol = Protocol.TCP;
    }
}
