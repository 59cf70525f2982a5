package io.kdp.k8s.model;

/**
 * core/v1 LoadBalancerIngress. {@code ipMode} is "VIP" or "Proxy"; as SetDefaults_Service does (v1.30+), an
 * ingress with an {@code ip} and no {@code ipMode} gets "VIP". Null when there is no ip.
 */
public record LoadBalancerIngress(String ip, String hostname, String ipMode) {
    public static final String IP_MODE_VIP = "VIP";
    public static final String IP_MODE_PROXY = "Proxy";

    public LoadBalancerIngress {
        ip = Norm.str(ip);
        hostname = Norm.str(hostname);
        if (ipMode == null && !ip.isEmpty()) ipMode = IP_MODE_VIP;
    }
}
