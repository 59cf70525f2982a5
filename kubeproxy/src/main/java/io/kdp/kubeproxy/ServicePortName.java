package io.kdp.kubeproxy;

import io.kdp.k8s.model.Protocol;
import java.util.Comparator;
import java.util.Locale;

/**
 * kube-proxy's {@code proxy.ServicePortName}: a service's namespace/name, the port's name and its protocol.
 * {@link #toString()} is {@code ns/name:port}, or {@code ns/name} when the port is unnamed (the protocol is not
 * part of the string, as in pkg/proxy/types.go); this string, with the lowercase protocol, is what the iptables
 * chain names hash.
 */
public record ServicePortName(String namespace, String name, String port, Protocol protocol) implements Comparable<ServicePortName> {
    private static final Comparator<ServicePortName> ORDER =
            Comparator.comparing(ServicePortName::toString).thenComparing(ServicePortName::protocol);

    public ServicePortName {
        if (namespace == null || namespace.isEmpty()) throw new IllegalArgumentException("ServicePortName: empty namespace");
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("ServicePortName: empty name");
        if (port == null) port = "";
        if (protocol == null) protocol = Protocol.TCP;
    }

    /** {@code namespace/name}, the service's NamespacedName. */
    public String serviceKey() {
        return namespace + "/" + name;
    }

    /** The protocol as iptables spells it: {@code tcp}, {@code udp}, {@code sctp}. */
    public String protocolLower() {
        return protocol.apiName().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return port.isEmpty() ? serviceKey() : serviceKey() + ":" + port;
    }

    /** Ordered by the string form, then protocol (kdp's deterministic stand-in for Go's map order). */
    @Override
    public int compareTo(ServicePortName o) {
        return ORDER.compare(this, o);
    }
}
