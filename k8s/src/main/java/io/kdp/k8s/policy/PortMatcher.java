package io.kdp.k8s.policy;

import io.kdp.k8s.model.ContainerPort;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.NetworkPolicyPort;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.Protocol;
import java.util.List;

/**
 * Port matching of a rule. A NetworkPolicyPort matches when its protocol (default TCP) is the connection's and:
 * no port is given (every port of that protocol); or a number equals the destination port, or with
 * {@code endPort} the port is in {@code port..endPort}; or a name is the name of a container port of the
 * destination pod with the same protocol and that port number. A named port never matches a destination that is
 * not a pod: there is nothing to resolve it against (for egress to an ipBlock, say).
 */
public final class PortMatcher {
    private PortMatcher() {}

    /** Whether {@code ports} (empty: every port) admit {@code protocol}/{@code port} to {@code destination}. */
    public static boolean matches(List<NetworkPolicyPort> ports, Protocol protocol, int port, Pod destination) {
        if (ports.isEmpty()) return true;
        for (NetworkPolicyPort p : ports) {
            if (matches(p, protocol, port, destination)) return true;
        }
        return false;
    }

    /** One NetworkPolicyPort; {@code destination} may be null when the destination is not a pod. */
    public static boolean matches(NetworkPolicyPort p, Protocol protocol, int port, Pod destination) {
        if (p.protocol() != protocol) return false;
        IntOrString want = p.port();
        if (want == null) return true;
        if (want.isInt()) {
            int end = p.endPort() == null ? want.intVal() : p.endPort();
            return port >= want.intVal() && port <= end;
        }
        if (destination == null) return false;
        for (ContainerPort cp : destination.spec().allPorts()) {
            if (cp.name().equals(want.strVal()) && cp.protocol() == protocol && cp.containerPort() == port) return true;
        }
        return false;
    }
}
