package io.kdp.cluster.capture;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.NodeHost;
import io.kdp.cluster.PodHost;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import java.util.stream.Collectors;

/**
 * Where {@code kdp replay} injects packets: a host's sockets ({@code --at POD} or {@code --at NODE}),
 * or the wire of one interface ({@code --at HOST/IFACE}, named as capture interfaces are:
 * {@code node-a/eth0}, {@code default/client/eth0}, {@code underlay/port1}).
 *
 * @param spec the text given
 * @param ns the host
 * @param device the interface for wire injection, or null to send from the host's socket
 */
public record ReplayPoint(String spec, NetNamespace ns, NetDevice device) {
    /** Whether packets are sent as by a local socket rather than received from the wire. */
    public boolean socket() {
        return device == null;
    }

    /**
     * Resolves {@code at}: a pod ({@code NS/NAME}, or {@code NAME} in namespace default) or a node
     * means its socket; otherwise {@code HOST/IFACE} with HOST a node, pod, {@code external} or
     * {@code underlay}.
     *
     * @throws IllegalArgumentException naming what is missing and what exists
     */
    public static ReplayPoint resolve(Cluster cluster, String at) {
        PodHost pod = cluster.pod(at);
        if (pod != null) return new ReplayPoint(at, pod.ns(), null);
        NodeHost node = cluster.nodes().get(at);
        if (node != null) return new ReplayPoint(at, node.ns(), null);
        int slash = at.lastIndexOf('/');
        NetNamespace host = slash > 0 ? cluster.host(at.substring(0, slash)) : null;
        if (host == null) {
            throw new IllegalArgumentException("--at " + at + ": no pod, node or HOST/IFACE of that name (pods: "
                    + String.join(", ", cluster.pods().keySet()) + "; nodes: " + String.join(", ", cluster.nodes().keySet())
                    + "; interfaces as HOST/IFACE, e.g. " + cluster.nodes().keySet().iterator().next() + "/eth0)");
        }
        String devName = at.substring(slash + 1);
        NetDevice dev = host.device(devName);
        if (dev == null) {
            throw new IllegalArgumentException("--at " + at + ": " + host.name() + " has no interface " + devName + " (it has "
                    + host.devices().stream().map(NetDevice::name).collect(Collectors.joining(", ")) + ")");
        }
        return new ReplayPoint(at, host, dev);
    }
}
