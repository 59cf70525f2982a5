package io.kdp.kubeproxy.ipvs;

import io.kdp.kubeproxy.EndpointCategories;
import io.kdp.kubeproxy.EndpointInfo;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.kubeproxy.ServicePortInfo;
import io.kdp.kubeproxy.Topology;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import java.util.List;
import java.util.Set;

/**
 * The per-service loop of the IPVS proxier's {@code syncProxyRules} (pkg/proxy/ipvs/proxier.go, v1.31-v1.34):
 * for each service port, in {@link io.kdp.kubeproxy.ServicePortName} order, the KUBE-LOOP-BACK entries of its
 * local endpoints, then a virtual server and set entries for its ClusterIP, each external IP, each load-balancer
 * ingress IP and, for a NodePort, each node IP; and the health-check node port.
 *
 * <p>Addresses bound on kube-ipvs0: the ClusterIP always; external and load-balancer IPs unless the node already
 * has them on another interface ({@code shouldBind}); node IPs never. Real servers: the Cluster-policy endpoints,
 * or for Local policy the local ones, falling back to the Cluster ones when there are none (kubernetes PR 97081:
 * local pods keep working; external clients get no reply).
 */
final class DesiredStateBuilder {
    private final ProxierConfig config;
    private final IpvsOptions options;

    DesiredStateBuilder(ProxierConfig config, IpvsOptions options) {
        this.config = config;
        this.options = options;
    }

    /**
     * @param nodeAddresses the node's addresses on interfaces other than kube-ipvs0, loopback excluded
     *                      ({@code GetAllLocalAddressesExcept}), in interface order
     */
    DesiredState build(ProxyState state, List<String> nodeAddresses) {
        DesiredState d = new DesiredState();
        Set<String> nodeAddressSet = Set.copyOf(nodeAddresses);
        List<String> nodeIPs = nodePortIPs(state, nodeAddresses);
        for (ServicePortInfo svc : state.servicePorts()) {
            String proto = svc.protocolLower();
            int protocol = protocolNumber(proto);
            List<EndpointInfo> endpoints = state.endpoints(svc.name());
            EndpointCategories cats = Topology.categorize(endpoints, svc);
            int persistence = svc.sessionAffinityClientIP() ? svc.stickyMaxAgeSeconds() : 0;

            // Handle traffic that loops back to the originator with SNAT.
            for (EndpointInfo ep : endpoints) {
                if (ep.local()) d.entry(KubeIpsets.LOOP_BACK, ep.ip() + "," + proto + ":" + ep.port() + "," + ep.ip());
            }
            // Capture the clusterIP.
            d.entry(KubeIpsets.CLUSTER_IP, ipPort(svc.clusterIP(), proto, svc.port()));
            d.add(new DesiredState.VirtualServer(spec(protocol, svc.clusterIP(), svc.port(), persistence), true,
                    dests(cats, svc.internalPolicyLocal())));
            // Capture externalIPs.
            for (String ip : svc.externalIPs()) {
                d.entry(svc.externalPolicyLocal() ? KubeIpsets.EXTERNAL_IP_LOCAL : KubeIpsets.EXTERNAL_IP, ipPort(ip, proto, svc.port()));
                d.add(new DesiredState.VirtualServer(spec(protocol, ip, svc.port(), persistence), !nodeAddressSet.contains(ip),
                        dests(cats, svc.externalPolicyLocal())));
            }
            // Capture load-balancer ingress.
            for (String lb : svc.loadBalancerVIPs()) {
                String entry = ipPort(lb, proto, svc.port());
                d.entry(KubeIpsets.LOAD_BALANCER, entry);
                if (svc.externalPolicyLocal()) d.entry(KubeIpsets.LOAD_BALANCER_LOCAL, entry);
                if (!svc.loadBalancerSourceRanges().isEmpty()) {
                    d.entry(KubeIpsets.LOAD_BALANCER_FW, entry);
                    boolean allowFromNode = false;
                    String nodeIP = config.primaryNodeIP();
                    for (Cidr cidr : svc.loadBalancerSourceRanges()) {
                        d.entry(KubeIpsets.LOAD_BALANCER_SOURCE_CIDR, entry + "," + cidr);
                        if (nodeIP != null && cidr.contains(Ip4.parse(nodeIP))) allowFromNode = true;
                    }
                    // traffic from the LB's own backends to the VIP loops back locally with the VIP as source
                    if (allowFromNode) d.entry(KubeIpsets.LOAD_BALANCER_SOURCE_IP, entry + "," + lb);
                    else d.noNodeAccess(new DesiredState.NoNodeAccess(lb, proto, svc.port()));
                }
                d.add(new DesiredState.VirtualServer(spec(protocol, lb, svc.port(), persistence), !nodeAddressSet.contains(lb),
                        dests(cats, svc.externalPolicyLocal())));
            }
            if (svc.nodePort() != 0) {
                if (nodeIPs.isEmpty()) continue; // kube-proxy skips the rest of this service port, health check included
                String set = switch (proto) {
                    case "tcp" -> KubeIpsets.NODE_PORT_TCP;
                    case "udp" -> KubeIpsets.NODE_PORT_UDP;
                    default -> KubeIpsets.NODE_PORT_SCTP;
                };
                String localSet = switch (proto) {
                    case "tcp" -> KubeIpsets.NODE_PORT_LOCAL_TCP;
                    case "udp" -> KubeIpsets.NODE_PORT_LOCAL_UDP;
                    default -> KubeIpsets.NODE_PORT_LOCAL_SCTP;
                };
                List<String> npEntries = proto.equals("sctp")
                        ? nodeIPs.stream().map(ip -> ipPort(ip, proto, svc.nodePort())).toList()
                        : List.of(Integer.toString(svc.nodePort()));
                for (String e : npEntries) d.entry(set, e);
                if (svc.externalPolicyLocal()) for (String e : npEntries) d.entry(localSet, e);
                for (String ip : nodeIPs) {
                    d.add(new DesiredState.VirtualServer(spec(protocol, ip, svc.nodePort(), persistence), false,
                            dests(cats, svc.externalPolicyLocal())));
                }
            }
            if (svc.healthCheckNodePort() != 0) d.entry(KubeIpsets.HEALTH_CHECK_NODE_PORT, Integer.toString(svc.healthCheckNodePort()));
        }
        d.finish();
        return d;
    }

    /** The node IPs NodePort virtual servers listen on: all node addresses, or those in --nodeport-addresses. */
    private List<String> nodePortIPs(ProxyState state, List<String> nodeAddresses) {
        boolean hasNodePort = state.servicePorts().stream().anyMatch(s -> s.nodePort() != 0);
        if (!hasNodePort) return List.of();
        if (config.nodePortsMatchAll()) return nodeAddresses;
        return config.nodePortIPs().stream().filter(ip -> !Ip4.isLoopback(Ip4.parse(ip))).toList();
    }

    /** syncEndpoint's choice of endpoints. */
    private static List<EndpointInfo> dests(EndpointCategories cats, boolean onlyNodeLocal) {
        if (onlyNodeLocal && !cats.local().isEmpty()) return cats.local();
        return cats.cluster();
    }

    private VirtualServerSpec spec(int protocol, String ip, int port, int persistence) {
        return new VirtualServerSpec(protocol, Ip4.parse(ip), port, options.scheduler(), persistence);
    }

    /** utilipset.Entry.String() for hash:ip,port. */
    static String ipPort(String ip, String proto, int port) {
        return ip + "," + proto + ":" + port;
    }

    static int protocolNumber(String proto) {
        return switch (proto) {
            case "tcp" -> IpProtocol.TCP;
            case "udp" -> IpProtocol.UDP;
            case "sctp" -> IpProtocol.SCTP;
            default -> throw new IllegalArgumentException("kube-proxy (ipvs): unsupported protocol " + proto);
        };
    }
}
