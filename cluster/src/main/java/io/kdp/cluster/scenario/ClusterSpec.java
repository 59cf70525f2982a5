package io.kdp.cluster.scenario;

import io.kdp.packet.Cidr;
import java.util.List;
import java.util.Map;

/**
 * The {@code kdp:} section of a scenario: what the Kubernetes API does not say about a cluster.
 *
 * @param name scenario name
 * @param description what the scenario shows
 * @param cni the CNI plugin and mode, e.g. {@code routed}
 * @param proxyMode kube-proxy's mode: {@code iptables}
 * @param clusterCIDR the pod network (kube-proxy's {@code --cluster-cidr})
 * @param serviceCIDR where ClusterIPs come from (kube-apiserver's {@code --service-cluster-ip-range})
 * @param nodes the nodes with their underlay addresses and pod CIDRs
 * @param external an external client on the nodes' network, or null
 * @param showcase the trace {@code kdp trace} runs by default, or null
 * @param sysctls sysctls set on every node, on top of what the CNI and kube-proxy set
 * @param calico the {@code kdp.calico} settings (IPPool, IPAM, BGP), or null for Calico's defaults
 */
public record ClusterSpec(String name, String description, String cni, String proxyMode, Cidr clusterCIDR, Cidr serviceCIDR,
                          List<NodeSpec> nodes, ExternalSpec external, Showcase showcase, Map<String, String> sysctls,
                          io.kdp.cni.calico.CalicoConfig calico) {
    public ClusterSpec {
        nodes = List.copyOf(nodes);
        sysctls = Map.copyOf(sysctls);
    }

    /** A spec without CNI-specific settings. */
    public ClusterSpec(String name, String description, String cni, String proxyMode, Cidr clusterCIDR, Cidr serviceCIDR,
                       List<NodeSpec> nodes, ExternalSpec external, Showcase showcase, Map<String, String> sysctls) {
        this(name, description, cni, proxyMode, clusterCIDR, serviceCIDR, nodes, external, showcase, sysctls, null);
    }

    /**
     * The same cluster with kube-proxy in another mode ({@code kdp trace --proxy-mode}).
     *
     * @throws IllegalArgumentException naming the supported modes when {@code mode} is not one
     */
    public ClusterSpec withProxyMode(String mode) {
        if (!ClusterSpecReader.PROXY_MODES.contains(mode)) {
            throw new IllegalArgumentException("unsupported proxy mode \"" + mode + "\": supported values: "
                    + String.join(", ", new java.util.TreeSet<>(ClusterSpecReader.PROXY_MODES)));
        }
        return new ClusterSpec(name, description, cni, mode, clusterCIDR, serviceCIDR, nodes, external, showcase, sysctls, calico);
    }

    /**
     * A node.
     *
     * @param ip the node's address on the underlay with its prefix, e.g. 192.168.49.2/24
     * @param podCIDR the pod CIDR the node owns (Node.spec.podCIDR)
     */
    public record NodeSpec(String name, Cidr ip, Cidr podCIDR, int line) {}

    /** A client outside the cluster, on the nodes' network. */
    public record ExternalSpec(String name, Cidr ip) {}

    /**
     * The scenario's showcase trace.
     *
     * @param from a pod ({@code ns/name} or {@code name}), a node, or {@code external}
     * @param to {@code svc/NS/NAME:PORT}, {@code IP:PORT}, {@code NODE:NODEPORT} or a pod
     * @param proto tcp, udp or icmp
     */
    public record Showcase(String from, String to, String proto) {}
}
