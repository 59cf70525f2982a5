package io.kdp.kubeproxy;

import io.kdp.k8s.model.LoadBalancerIngress;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.k8s.model.ServiceSpec;
import io.kdp.k8s.model.ServiceType;
import io.kdp.k8s.model.SessionAffinity;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kube-proxy's {@code BaseServicePortInfo} (pkg/proxy/service.go) for the IPv4 family: what the proxiers need
 * of one service port. External IPs, load-balancer ingress IPs and source ranges are already filtered the way
 * {@code newBaseServiceInfo} filters them (other-family and unparsable entries dropped; ingress IPs with
 * {@code ipMode: Proxy} dropped; source ranges trimmed and printed as networks). {@code stickyMaxAgeSeconds} is
 * 0 unless session affinity is ClientIP; {@code healthCheckNodePort} is 0 unless the service needs a health
 * check (a LoadBalancer with externalTrafficPolicy Local).
 */
public record ServicePortInfo(ServicePortName name, String clusterIP, int port, int nodePort, List<String> externalIPs,
                              List<String> loadBalancerVIPs, List<Cidr> loadBalancerSourceRanges, boolean sessionAffinityClientIP,
                              int stickyMaxAgeSeconds, boolean externalPolicyLocal, boolean internalPolicyLocal,
                              int healthCheckNodePort) {
    public ServicePortInfo {
        externalIPs = List.copyOf(externalIPs);
        loadBalancerVIPs = List.copyOf(loadBalancerVIPs);
        loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
    }

    /**
     * The port's info, or empty when kube-proxy skips the service (proxyutil.ShouldSkipService: headless,
     * no cluster IP, ExternalName; or no IPv4 cluster IP).
     */
    public static Optional<ServicePortInfo> of(Service service, ServicePort port) {
        ServiceSpec spec = service.spec();
        if (spec.type() == ServiceType.EXTERNAL_NAME || spec.isHeadless() || spec.clusterIP().isEmpty()) return Optional.empty();
        String clusterIP = ipv4ClusterIP(spec);
        if (clusterIP == null) return Optional.empty();
        ServicePortName name = new ServicePortName(service.metadata().namespace(), service.metadata().name(), port.name(), port.protocol());
        List<String> externalIPs = new ArrayList<>();
        for (String ip : spec.externalIPs()) {
            if (Ip4.isValid(ip)) externalIPs.add(Ip4.format(Ip4.parse(ip)));
        }
        List<String> vips = new ArrayList<>();
        for (LoadBalancerIngress ing : service.status().ingress()) {
            if (ing.ip().isEmpty() || LoadBalancerIngress.IP_MODE_PROXY.equals(ing.ipMode())) continue; // proxyutil.IsVIPMode
            if (Ip4.isValid(ing.ip())) vips.add(Ip4.format(Ip4.parse(ing.ip())));
        }
        List<Cidr> ranges = new ArrayList<>();
        for (String r : spec.loadBalancerSourceRanges()) {
            try {
                ranges.add(Cidr.parse(r.trim()).toNetwork()); // MapCIDRsByIPFamily trims; net.IPNet prints the network
            } catch (IllegalArgumentException e) {
                // not an IPv4 CIDR: dropped like an other-family range
            }
        }
        boolean clientIP = spec.sessionAffinity() == SessionAffinity.CLIENT_IP;
        boolean needsHealthCheck = spec.type() == ServiceType.LOAD_BALANCER && spec.externalPolicyLocal();
        return Optional.of(new ServicePortInfo(name, clusterIP, port.port(), port.nodePort(), externalIPs, vips, ranges, clientIP,
                clientIP ? spec.sessionAffinityTimeoutSeconds() : 0, spec.externalPolicyLocal(), spec.internalPolicyLocal(),
                needsHealthCheck ? spec.healthCheckNodePort() : 0));
    }

    private static String ipv4ClusterIP(ServiceSpec spec) {
        for (String ip : spec.clusterIPs()) {
            if (Ip4.isValid(ip)) return Ip4.format(Ip4.parse(ip));
        }
        return null;
    }

    /** {@code ExternallyAccessible}: a NodePort, a load-balancer VIP or an external IP. */
    public boolean externallyAccessible() {
        return nodePort != 0 || !loadBalancerVIPs.isEmpty() || !externalIPs.isEmpty();
    }

    /** Cluster endpoints are used unless internal policy is Local and nothing external reaches the port. */
    public boolean usesClusterEndpoints() {
        return !internalPolicyLocal || externallyAccessible();
    }

    /** Local endpoints are used for internal policy Local, or external policy Local on an accessible port. */
    public boolean usesLocalEndpoints() {
        return internalPolicyLocal || (externalPolicyLocal && externallyAccessible());
    }

    /** The port's protocol as iptables spells it. */
    public String protocolLower() {
        return name.protocolLower();
    }
}
