package io.kdp.kubeproxy;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The kube-proxy settings the proxiers read (KubeProxyConfiguration and the node's identity).
 *
 * @param nodeName           {@code --hostname-override}: endpoints on this node are local
 * @param nodeIPs            the node's IPv4 addresses; the first is the primary node IP (loadBalancerSourceRanges
 *                           check, {@code --nodeport-addresses primary})
 * @param localDetector      from {@code --detect-local-mode} and {@code --cluster-cidr}; see {@link LocalTrafficDetector}
 * @param masqueradeAll      {@code --masquerade-all}: masquerade all ClusterIP traffic
 * @param masqueradeBit      {@code iptables.masqueradeBit} (default 14, mark 0x4000)
 * @param nodePortAddresses  {@code --nodeport-addresses} CIDRs, or {@code primary}; empty means all local addresses
 * @param localhostNodePorts {@code iptables.localhostNodePorts} (default true)
 * @param randomFully        whether iptables supports {@code MASQUERADE --random-fully} (iptables >= 1.6.2)
 * @param nfacct             whether the nfacct counters could be created (needs nfnetlink_acct and xt_nfacct);
 *                           kdp's default is false, as kdp nodes have no nfacct
 * @param conntrackTcpBeLiberal whether {@code nf_conntrack_tcp_be_liberal} is set on the node (no INVALID drop rule then)
 */
public record ProxierConfig(String nodeName, List<String> nodeIPs, LocalTrafficDetector localDetector, boolean masqueradeAll,
                            int masqueradeBit, List<String> nodePortAddresses, boolean localhostNodePorts, boolean randomFully,
                            boolean nfacct, boolean conntrackTcpBeLiberal) {
    /** The default {@code iptables.masqueradeBit}. */
    public static final int DEFAULT_MASQUERADE_BIT = 14;

    public ProxierConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        nodeIPs = List.copyOf(nodeIPs);
        for (String ip : nodeIPs) {
            if (!Ip4.isValid(ip)) throw new IllegalArgumentException("kube-proxy config: nodeIPs: \"" + ip + "\" is not an IPv4 address");
        }
        if (localDetector == null) localDetector = LocalTrafficDetector.NONE;
        if (masqueradeBit < 0 || masqueradeBit > 31) {
            throw new IllegalArgumentException("kube-proxy config: iptables.masqueradeBit " + masqueradeBit + " is not in 0..31");
        }
        nodePortAddresses = List.copyOf(nodePortAddresses);
        for (String a : nodePortAddresses) {
            if (a.equals("primary")) continue;
            try {
                Cidr.parse(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("kube-proxy config: nodePortAddresses: \"" + a + "\" is not a CIDR or \"primary\"", e);
            }
        }
    }

    /** A config with kube-proxy's defaults for the node; clusterCIDR may be null (no local detector). */
    public static Builder builder(String nodeName) {
        return new Builder(nodeName);
    }

    /** The masquerade mark as kube-proxy formats it ({@code fmt.Sprintf("%#08x", 1<<bit)}: {@code 0x00004000}). */
    public String masqueradeMark() {
        return String.format("0x%08x", 1 << masqueradeBit);
    }

    /** The primary node IP, or null. */
    public String primaryNodeIP() {
        return nodeIPs.isEmpty() ? null : nodeIPs.get(0);
    }

    /** NodePortAddresses.MatchAll: no CIDRs given, or one of them is 0.0.0.0/0. */
    public boolean nodePortsMatchAll() {
        if (nodePortAddresses.isEmpty()) return true;
        for (String a : nodePortAddresses) if (!a.equals("primary") && Cidr.parse(a).prefixLength() == 0) return true;
        return false;
    }

    /** NodePortAddresses.ContainsIPv4Loopback. */
    public boolean nodePortsContainLoopback() {
        if (nodePortsMatchAll()) return true;
        for (String a : nodePortAddresses) if (!a.equals("primary") && Cidr.parse(a).contains(Ip4.parse("127.0.0.1"))) return true;
        return false;
    }

    /** localhostNodePorts as NewProxier resolves it: off when nodePortAddresses exclude 127.0.0.1. */
    public boolean effectiveLocalhostNodePorts() {
        return localhostNodePorts && nodePortsContainLoopback();
    }

    /**
     * NodePortAddresses.GetNodeIPs: the node's interface addresses (lo's 127.0.0.1, then its node IPs) that fall in
     * a configured CIDR ({@code primary} selects the primary node IP). kube-proxy collects them in a Go map, so its
     * order is random; kdp keeps interface order.
     */
    public List<String> nodePortIPs() {
        List<String> candidates = new ArrayList<>();
        candidates.add("127.0.0.1");
        candidates.addAll(nodeIPs);
        List<String> out = new ArrayList<>();
        for (String ip : candidates) {
            for (String a : nodePortAddresses) {
                boolean match = a.equals("primary") ? ip.equals(primaryNodeIP()) : Cidr.parse(a).contains(Ip4.parse(ip));
                if (match && !out.contains(ip)) out.add(ip);
            }
        }
        return out;
    }

    /** Builder with kube-proxy's defaults. */
    public static final class Builder {
        private final String nodeName;
        private List<String> nodeIPs = List.of();
        private LocalTrafficDetector localDetector = LocalTrafficDetector.NONE;
        private boolean masqueradeAll;
        private int masqueradeBit = DEFAULT_MASQUERADE_BIT;
        private List<String> nodePortAddresses = List.of();
        private boolean localhostNodePorts = true;
        private boolean randomFully = true;
        private boolean nfacct;
        private boolean conntrackTcpBeLiberal;

        private Builder(String nodeName) {
            this.nodeName = nodeName;
        }

        public Builder nodeIPs(String... ips) { this.nodeIPs = List.of(ips); return this; }
        /** {@code --cluster-cidr} with detect-local-mode ClusterCIDR; null means none (no-op detector). */
        public Builder clusterCIDR(String cidr) { this.localDetector = cidr == null ? LocalTrafficDetector.NONE : LocalTrafficDetector.byCidr(cidr); return this; }
        public Builder localDetector(LocalTrafficDetector d) { this.localDetector = d; return this; }
        public Builder masqueradeAll(boolean v) { this.masqueradeAll = v; return this; }
        public Builder masqueradeBit(int v) { this.masqueradeBit = v; return this; }
        public Builder nodePortAddresses(String... cidrs) { this.nodePortAddresses = List.of(cidrs); return this; }
        public Builder localhostNodePorts(boolean v) { this.localhostNodePorts = v; return this; }
        public Builder randomFully(boolean v) { this.randomFully = v; return this; }
        public Builder nfacct(boolean v) { this.nfacct = v; return this; }
        public Builder conntrackTcpBeLiberal(boolean v) { this.conntrackTcpBeLiberal = v; return this; }

        public ProxierConfig build() {
            return new ProxierConfig(nodeName, nodeIPs, localDetector, masqueradeAll, masqueradeBit, nodePortAddresses,
                    localhostNodePorts, randomFully, nfacct, conntrackTcpBeLiberal);
        }
    }
}
