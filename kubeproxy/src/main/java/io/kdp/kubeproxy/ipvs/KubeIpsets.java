package io.kdp.kubeproxy.ipvs;

import java.util.List;

/**
 * The ipsets kube-proxy's IPVS mode keeps (pkg/proxy/ipvs/ipset.go and {@code ipsetInfo} in proxier.go,
 * v1.31-v1.34), in the order {@code ipsetInfo} lists them (kube-proxy creates them from a Go map, so its own
 * order is random). Sets are created without ipset's {@code comment} extension: the comments only appear in the
 * iptables rules that match them ({@code getComment()}).
 */
public final class KubeIpsets {
    /** One set: name, ipset type and the comment its iptables rules carry. */
    public record Info(String name, String type, String comment) {
        /** Whether the type is a bitmap (created with {@code range}). */
        public boolean bitmap() {
            return type.startsWith("bitmap:");
        }

        /**
         * The arguments of kube-proxy's {@code ipset create} (runner.createSet with setIPSetDefaults): hash types get
         * {@code family inet hashsize 1024 maxelem 65536}, bitmap:port gets {@code range 0-65535}.
         */
        public List<String> createOptions() {
            return bitmap() ? List.of("range", "0-65535") : List.of("family", "inet", "hashsize", "1024", "maxelem", "65536");
        }
    }

    public static final String LOOP_BACK = "KUBE-LOOP-BACK", CLUSTER_IP = "KUBE-CLUSTER-IP", EXTERNAL_IP = "KUBE-EXTERNAL-IP",
            EXTERNAL_IP_LOCAL = "KUBE-EXTERNAL-IP-LOCAL", LOAD_BALANCER = "KUBE-LOAD-BALANCER", LOAD_BALANCER_FW = "KUBE-LOAD-BALANCER-FW",
            LOAD_BALANCER_LOCAL = "KUBE-LOAD-BALANCER-LOCAL", LOAD_BALANCER_SOURCE_IP = "KUBE-LOAD-BALANCER-SOURCE-IP",
            LOAD_BALANCER_SOURCE_CIDR = "KUBE-LOAD-BALANCER-SOURCE-CIDR", NODE_PORT_TCP = "KUBE-NODE-PORT-TCP",
            NODE_PORT_LOCAL_TCP = "KUBE-NODE-PORT-LOCAL-TCP", NODE_PORT_UDP = "KUBE-NODE-PORT-UDP", NODE_PORT_LOCAL_UDP = "KUBE-NODE-PORT-LOCAL-UDP",
            NODE_PORT_SCTP = "KUBE-NODE-PORT-SCTP-HASH", NODE_PORT_LOCAL_SCTP = "KUBE-NODE-PORT-LOCAL-SCTP-HASH",
            HEALTH_CHECK_NODE_PORT = "KUBE-HEALTH-CHECK-NODE-PORT", IPVS_IPS = "KUBE-IPVS-IPS";

    /** ipsetInfo, in order. */
    public static final List<Info> ALL = List.of(
            new Info(LOOP_BACK, "hash:ip,port,ip", "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"),
            new Info(CLUSTER_IP, "hash:ip,port", "Kubernetes service cluster ip + port for masquerade purpose"),
            new Info(EXTERNAL_IP, "hash:ip,port", "Kubernetes service external ip + port for masquerade and filter purpose"),
            new Info(EXTERNAL_IP_LOCAL, "hash:ip,port", "Kubernetes service external ip + port with externalTrafficPolicy=local"),
            new Info(LOAD_BALANCER, "hash:ip,port", "Kubernetes service lb portal"),
            new Info(LOAD_BALANCER_FW, "hash:ip,port", "Kubernetes service load balancer ip + port for load balancer with sourceRange"),
            new Info(LOAD_BALANCER_LOCAL, "hash:ip,port", "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"),
            new Info(LOAD_BALANCER_SOURCE_IP, "hash:ip,port,ip", "Kubernetes service load balancer ip + port + source IP for packet filter purpose"),
            new Info(LOAD_BALANCER_SOURCE_CIDR, "hash:ip,port,net", "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"),
            new Info(NODE_PORT_TCP, "bitmap:port", "Kubernetes nodeport TCP port for masquerade purpose"),
            new Info(NODE_PORT_LOCAL_TCP, "bitmap:port", "Kubernetes nodeport TCP port with externalTrafficPolicy=local"),
            new Info(NODE_PORT_UDP, "bitmap:port", "Kubernetes nodeport UDP port for masquerade purpose"),
            new Info(NODE_PORT_LOCAL_UDP, "bitmap:port", "Kubernetes nodeport UDP port with externalTrafficPolicy=local"),
            new Info(NODE_PORT_SCTP, "hash:ip,port", "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"),
            new Info(NODE_PORT_LOCAL_SCTP, "hash:ip,port", "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"),
            new Info(HEALTH_CHECK_NODE_PORT, "bitmap:port", "Kubernetes health check node port"),
            new Info(IPVS_IPS, "hash:ip", "Addresses on the ipvs interface"));

    private KubeIpsets() {}

    /** The set of that name. */
    public static Info info(String name) {
        for (Info i : ALL) if (i.name.equals(name)) return i;
        throw new IllegalArgumentException("no kube-proxy ipset " + name);
    }

    /** {@code "comment"} as kube-proxy quotes it in rules. */
    static String quotedComment(String name) {
        return "\"" + info(name).comment() + "\"";
    }
}
