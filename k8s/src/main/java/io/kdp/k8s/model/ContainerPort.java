package io.kdp.k8s.model;

/** core/v1 ContainerPort; {@code protocol} defaults to TCP, {@code hostPort} 0 means none. */
public record ContainerPort(String name, int containerPort, Protocol protocol, int hostPort) {
    public ContainerPort {
        name = Norm.str(name);
        if (protocol == null) protocol = Protocol.TCP;
    }

    public static ContainerPort of(String name, int containerPort) {
        return new ContainerPort(name, containerPort, Protocol.TCP, 0);
    }

    ContainerPort withHostPort(int p) {
        return new ContainerPort(name, containerPort, protocol, p);
    }
}
