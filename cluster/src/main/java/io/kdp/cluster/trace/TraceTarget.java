package io.kdp.cluster.trace;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.NodeHost;
import io.kdp.cluster.PodHost;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.packet.Ip4;

/**
 * Where a trace connects to, parsed from the forms users write: {@code svc/NS/NAME:PORT} (port name
 * or number; {@code svc/NAME:PORT} means namespace default), {@code IP:PORT}, {@code NODE:NODEPORT},
 * or a pod {@code [NS/]NAME[:PORT]}.
 *
 * @param address destination address
 * @param port destination port (0 for ICMP)
 */
public record TraceTarget(int address, int port) {
    /** Resolves {@code to} against the cluster; the message of the exception says what is wrong. */
    public static TraceTarget resolve(Cluster cluster, String to, String proto) {
        String spec = to.trim();
        if (spec.startsWith("svc/")) return service(cluster, spec.substring(4), proto);
        int colon = spec.lastIndexOf(':');
        String host = colon < 0 ? spec : spec.substring(0, colon);
        String portText = colon < 0 ? null : spec.substring(colon + 1);
        if (Ip4.isValid(host)) return new TraceTarget(Ip4.parse(host), port(portText, to, proto));
        NodeHost node = cluster.nodes().get(host);
        if (node != null) return new TraceTarget(node.network().nodeIp().address(), port(portText, to, proto));
        PodHost pod = cluster.pod(host);
        if (pod != null) {
            int port = portText != null ? port(portText, to, proto) : firstPort(pod, proto);
            return new TraceTarget(pod.ip(), port);
        }
        throw new IllegalArgumentException("--to " + to + ": no service, node or pod of that name (forms: svc/NS/NAME:PORT, IP:PORT, NODE:NODEPORT, POD[:PORT])");
    }

    private static TraceTarget service(Cluster cluster, String rest, String proto) {
        int colon = rest.lastIndexOf(':');
        String key = colon < 0 ? rest : rest.substring(0, colon);
        if (!key.contains("/")) key = "default/" + key;
        Service svc = cluster.service(key);
        if (svc == null) throw new IllegalArgumentException("--to svc/" + rest + ": no service " + key);
        if (svc.spec().clusterIP().isEmpty() || svc.spec().isHeadless()) throw new IllegalArgumentException("service " + key + " has no ClusterIP (headless)");
        String portText = colon < 0 ? null : rest.substring(colon + 1);
        ServicePort chosen = null;
        for (ServicePort p : svc.spec().ports()) {
            if (portText == null || p.name().equals(portText) || Integer.toString(p.port()).equals(portText)) {
                chosen = p;
                break;
            }
        }
        if (chosen == null) throw new IllegalArgumentException("service " + key + " has no port " + portText);
        return new TraceTarget(Ip4.parse(svc.spec().clusterIP()), "icmp".equals(proto) ? 0 : chosen.port());
    }

    private static int firstPort(PodHost pod, String proto) {
        if ("icmp".equals(proto)) return 0;
        return pod.pod().spec().allPorts().stream().findFirst().map(p -> p.containerPort())
                .orElseThrow(() -> new IllegalArgumentException("pod " + pod.key() + " declares no port; say which: " + pod.key() + ":PORT"));
    }

    private static int port(String text, String to, String proto) {
        if ("icmp".equals(proto)) return 0;
        if (text == null) throw new IllegalArgumentException("--to " + to + ": a port is required (HOST:PORT)");
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--to " + to + ": '" + text + "' is not a port (1-65535)");
    }
}
