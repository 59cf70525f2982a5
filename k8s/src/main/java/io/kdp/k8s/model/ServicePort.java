package io.kdp.k8s.model;

/**
 * core/v1 ServicePort. Defaults as SetDefaults_Service: {@code protocol} TCP; {@code targetPort} = {@code port}
 * when unset or zero. {@code nodePort} 0 means none allocated; {@code appProtocol} may be null.
 */
public record ServicePort(String name, Protocol protocol, int port, IntOrString targetPort, int nodePort, String appProtocol) {
    public ServicePort {
        name = Norm.str(name);
        if (protocol == null) protocol = Protocol.TCP;
        if (targetPort == null || targetPort.isZero()) targetPort = IntOrString.of(port);
    }

    /** A TCP port with the given name and numbers and no nodePort. */
    public static ServicePort tcp(String name, int port, IntOrString targetPort) {
        return new ServicePort(name, Protocol.TCP, port, targetPort, 0, null);
    }

    public ServicePort withNodePort(int n) {
        return new ServicePort(name, protocol, port, targetPort, n, appProtocol);
    }
}
