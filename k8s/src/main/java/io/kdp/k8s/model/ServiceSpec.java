package io.kdp.k8s.model;

import java.util.List;
import java.util.Map;

/**
 * core/v1 ServiceSpec, with SetDefaults_Service applied by the constructor:
 * <ul>
 * <li>{@code type} ClusterIP when null;</li>
 * <li>{@code sessionAffinity} None when null; with None {@code sessionAffinityConfig} is cleared to null;
 *     with ClientIP a missing config or timeout becomes 10800 s;</li>
 * <li>{@code externalTrafficPolicy} Cluster when null for externally accessible services (NodePort,
 *     LoadBalancer, or ClusterIP with externalIPs: apiservice.ExternallyAccessible); it stays null otherwise,
 *     as the API leaves it empty there;</li>
 * <li>{@code internalTrafficPolicy} Cluster for every type but ExternalName (null there);</li>
 * <li>{@code allocateLoadBalancerNodePorts} true for LoadBalancer when null (null for other types);</li>
 * <li>{@code clusterIP} and {@code clusterIPs[0]} fill each other.</li>
 * </ul>
 * {@code clusterIP} is {@code ""} until allocated and {@code "None"} for a headless service. An empty
 * {@code selector} means the service has no selector: the endpoint controller leaves its slices alone.
 */
public record ServiceSpec(ServiceType type, String clusterIP, List<String> clusterIPs, Map<String, String> selector,
                          List<ServicePort> ports, List<String> externalIPs, SessionAffinity sessionAffinity,
                          SessionAffinityConfig sessionAffinityConfig, TrafficPolicy externalTrafficPolicy,
                          TrafficPolicy internalTrafficPolicy, List<String> loadBalancerSourceRanges,
                          String loadBalancerIP, int healthCheckNodePort, boolean publishNotReadyAddresses,
                          Boolean allocateLoadBalancerNodePorts, String externalName) {
    /** The clusterIP of a headless service. */
    public static final String CLUSTER_IP_NONE = "None";

    public ServiceSpec {
        if (type == null) type = ServiceType.CLUSTER_IP;
        clusterIP = Norm.str(clusterIP);
        clusterIPs = Norm.list(clusterIPs);
        if (clusterIPs.isEmpty() && !clusterIP.isEmpty()) clusterIPs = List.of(clusterIP);
        if (clusterIP.isEmpty() && !clusterIPs.isEmpty()) clusterIP = clusterIPs.get(0);
        selector = Norm.map(selector);
        ports = Norm.list(ports);
        externalIPs = Norm.list(externalIPs);
        if (sessionAffinity == null) sessionAffinity = SessionAffinity.NONE;
        if (sessionAffinity == SessionAffinity.NONE) {
            sessionAffinityConfig = null;
        } else if (sessionAffinityConfig == null || sessionAffinityConfig.clientIP() == null) {
            sessionAffinityConfig = new SessionAffinityConfig(new ClientIPConfig(ClientIPConfig.DEFAULT_TIMEOUT_SECONDS));
        }
        if (externalTrafficPolicy == null && externallyAccessible(type, externalIPs)) externalTrafficPolicy = TrafficPolicy.CLUSTER;
        if (internalTrafficPolicy == null && type != ServiceType.EXTERNAL_NAME) internalTrafficPolicy = TrafficPolicy.CLUSTER;
        if (allocateLoadBalancerNodePorts == null && type == ServiceType.LOAD_BALANCER) allocateLoadBalancerNodePorts = true;
        loadBalancerSourceRanges = Norm.list(loadBalancerSourceRanges);
        loadBalancerIP = Norm.str(loadBalancerIP);
        externalName = Norm.str(externalName);
    }

    /** A ClusterIP service with the given selector and ports; everything else defaulted. */
    public static ServiceSpec clusterIP(String clusterIP, Map<String, String> selector, List<ServicePort> ports) {
        return new ServiceSpec(ServiceType.CLUSTER_IP, clusterIP, List.of(), selector, ports, List.of(), null, null,
                null, null, List.of(), "", 0, false, null, "");
    }

    /** apiservice.ExternallyAccessible: LoadBalancer, NodePort, or ClusterIP with externalIPs. */
    public boolean externallyAccessible() {
        return externallyAccessible(type, externalIPs);
    }

    private static boolean externallyAccessible(ServiceType type, List<String> externalIPs) {
        return type == ServiceType.LOAD_BALANCER || type == ServiceType.NODE_PORT
                || (type == ServiceType.CLUSTER_IP && !externalIPs.isEmpty());
    }

    /** Whether {@code clusterIP} is {@code None}. */
    public boolean isHeadless() {
        return CLUSTER_IP_NONE.equals(clusterIP);
    }

    /** The ClientIP affinity timeout in seconds, or 0 when sessionAffinity is None. */
    public int sessionAffinityTimeoutSeconds() {
        return sessionAffinityConfig == null ? 0 : sessionAffinityConfig.clientIP().timeoutSeconds();
    }

    /** apiservice.ExternalPolicyLocal: externally accessible and externalTrafficPolicy Local. */
    public boolean externalPolicyLocal() {
        return externallyAccessible() && externalTrafficPolicy == TrafficPolicy.LOCAL;
    }

    /** apiservice.InternalPolicyLocal: internalTrafficPolicy Local. */
    public boolean internalPolicyLocal() {
        return internalTrafficPolicy == TrafficPolicy.LOCAL;
    }

    public ServiceSpec withClusterIP(String ip) {
        return new ServiceSpec(type, ip, List.of(), selector, ports, externalIPs, sessionAffinity, sessionAffinityConfig,
                externalTrafficPolicy, internalTrafficPolicy, loadBalancerSourceRanges, loadBalancerIP, healthCheckNodePort,
                publishNotReadyAddresses, allocateLoadBalancerNodePorts, externalName);
    }

    public ServiceSpec withPorts(List<ServicePort> p) {
        return new ServiceSpec(type, clusterIP, clusterIPs, selector, p, externalIPs, sessionAffinity, sessionAffinityConfig,
                externalTrafficPolicy, internalTrafficPolicy, loadBalancerSourceRanges, loadBalancerIP, healthCheckNodePort,
                publishNotReadyAddresses, allocateLoadBalancerNodePorts, externalName);
    }

    public ServiceSpec withHealthCheckNodePort(int p) {
        return new ServiceSpec(type, clusterIP, clusterIPs, selector, ports, externalIPs, sessionAffinity, sessionAffinityConfig,
                externalTrafficPolicy, internalTrafficPolicy, loadBalancerSourceRanges, loadBalancerIP, p,
                publishNotReadyAddresses, allocateLoadBalancerNodePorts, externalName);
    }
}
