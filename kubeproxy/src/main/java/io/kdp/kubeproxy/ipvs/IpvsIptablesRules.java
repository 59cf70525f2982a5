package io.kdp.kubeproxy.ipvs;

import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.iptables.EnsuredChain;
import io.kdp.kubeproxy.iptables.EnsuredRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The constant-size iptables rules of kube-proxy's IPVS mode ({@code writeIptablesRules},
 * {@code acceptIPVSTraffic}, {@code createAndLinkKubeChain} in pkg/proxy/ipvs/proxier.go, v1.31-v1.34): the
 * chains and jump rules it ensures with single commands, and the iptables-restore input, nat table first, whose
 * size depends only on which ipsets are empty (plus one KUBE-IPVS-OUT-FILTER rule per load-balancer IP:port whose
 * source ranges exclude the node).
 */
final class IpvsIptablesRules {
    private IpvsIptablesRules() {}

    /** iptablesChains, in order. */
    static final List<EnsuredChain> CHAINS = List.of(
            new EnsuredChain("nat", "KUBE-SERVICES"), new EnsuredChain("nat", "KUBE-POSTROUTING"), new EnsuredChain("nat", "KUBE-NODE-PORT"),
            new EnsuredChain("nat", "KUBE-LOAD-BALANCER"), new EnsuredChain("nat", "KUBE-MARK-MASQ"),
            new EnsuredChain("filter", "KUBE-FORWARD"), new EnsuredChain("filter", "KUBE-NODE-PORT"), new EnsuredChain("filter", "KUBE-PROXY-FIREWALL"),
            new EnsuredChain("filter", "KUBE-SOURCE-RANGES-FIREWALL"), new EnsuredChain("filter", "KUBE-IPVS-FILTER"),
            new EnsuredChain("filter", "KUBE-IPVS-OUT-FILTER"));

    /** iptablesJumpChain, in order; each is prepended, so the last one ensured in a chain comes first. */
    static final List<EnsuredRule> JUMPS = List.of(
            jump("nat", "OUTPUT", "KUBE-SERVICES", "kubernetes service portals"),
            jump("nat", "PREROUTING", "KUBE-SERVICES", "kubernetes service portals"),
            jump("nat", "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules"),
            jump("filter", "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules"),
            jump("filter", "INPUT", "KUBE-NODE-PORT", "kubernetes health check rules"),
            jump("filter", "INPUT", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"),
            jump("filter", "FORWARD", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"),
            jump("filter", "INPUT", "KUBE-IPVS-FILTER", "kubernetes ipvs access filter"),
            jump("filter", "OUTPUT", "KUBE-IPVS-OUT-FILTER", "kubernetes ipvs access filter"));

    private static EnsuredRule jump(String table, String from, String to, String comment) {
        return new EnsuredRule(table, from, List.of("-m", "comment", "--comment", comment, "-j", to));
    }

    /** ipsetWithIptablesChain: set, table, chain, target, match directions, protocol ("" for none). */
    private record SetJump(String set, boolean nat, String from, String to, String dirs, String proto) {}

    private static final List<SetJump> SET_JUMPS = List.of(
            new SetJump(KubeIpsets.LOOP_BACK, true, "KUBE-POSTROUTING", "MASQUERADE", "dst,dst,src", ""),
            new SetJump(KubeIpsets.LOAD_BALANCER, true, "KUBE-SERVICES", "KUBE-LOAD-BALANCER", "dst,dst", ""),
            new SetJump(KubeIpsets.LOAD_BALANCER_LOCAL, true, "KUBE-LOAD-BALANCER", "RETURN", "dst,dst", ""),
            new SetJump(KubeIpsets.NODE_PORT_LOCAL_TCP, true, "KUBE-NODE-PORT", "RETURN", "dst", "tcp"),
            new SetJump(KubeIpsets.NODE_PORT_TCP, true, "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "tcp"),
            new SetJump(KubeIpsets.NODE_PORT_LOCAL_UDP, true, "KUBE-NODE-PORT", "RETURN", "dst", "udp"),
            new SetJump(KubeIpsets.NODE_PORT_UDP, true, "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "udp"),
            new SetJump(KubeIpsets.NODE_PORT_LOCAL_SCTP, true, "KUBE-NODE-PORT", "RETURN", "dst,dst", "sctp"),
            new SetJump(KubeIpsets.NODE_PORT_SCTP, true, "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst,dst", "sctp"),
            new SetJump(KubeIpsets.LOAD_BALANCER_FW, false, "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL", "dst,dst", ""),
            new SetJump(KubeIpsets.LOAD_BALANCER_SOURCE_CIDR, false, "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", ""),
            new SetJump(KubeIpsets.LOAD_BALANCER_SOURCE_IP, false, "KUBE-SOURCE-RANGES-FIREWALL", "RETURN", "dst,dst,src", ""));

    /** The iptables-restore input of one sync ({@code --noflush --counters}). */
    static String restoreText(DesiredState d, ProxierConfig config) {
        List<String> natChains = new ArrayList<>(), natRules = new ArrayList<>(), filterChains = new ArrayList<>(), filterRules = new ArrayList<>();
        filterChains.add("*filter");
        natChains.add("*nat");
        for (EnsuredChain c : CHAINS) (c.table().equals("nat") ? natChains : filterChains).add(":" + c.chain() + " - [0:0]");

        // Dismiss connects to localhost early in the service chain.
        natRules.add("-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN");
        for (SetJump j : SET_JUMPS) {
            if (d.empty(j.set)) continue;
            StringBuilder sb = new StringBuilder("-A ").append(j.from);
            if (!j.proto.isEmpty()) sb.append(" -p ").append(j.proto);
            sb.append(" -m comment --comment ").append(KubeIpsets.quotedComment(j.set)).append(" -m set --match-set ").append(j.set)
                    .append(' ').append(j.dirs).append(" -j ").append(j.to);
            (j.nat ? natRules : filterRules).add(sb.toString());
        }
        if (!d.empty(KubeIpsets.CLUSTER_IP)) {
            String args = "-A KUBE-SERVICES -m comment --comment " + KubeIpsets.quotedComment(KubeIpsets.CLUSTER_IP)
                    + " -m set --match-set " + KubeIpsets.CLUSTER_IP;
            if (config.masqueradeAll()) {
                natRules.add(args + " dst,dst -j KUBE-MARK-MASQ");
            } else if (config.localDetector().implemented()) {
                // off-cluster traffic to a service VIP may bounce off-node: masquerade it
                natRules.add(args + " dst,dst " + String.join(" ", config.localDetector().ifNotLocal()) + " -j KUBE-MARK-MASQ");
            } else {
                // the VIPs on kube-ipvs0 make a node pick a VIP as source: masquerade VIP-sourced traffic
                natRules.add(args + " src,dst -j KUBE-MARK-MASQ");
            }
        }
        if (!d.empty(KubeIpsets.EXTERNAL_IP)) {
            String args = "-A KUBE-SERVICES -m comment --comment " + KubeIpsets.quotedComment(KubeIpsets.EXTERNAL_IP)
                    + " -m set --match-set " + KubeIpsets.EXTERNAL_IP + " dst,dst";
            natRules.add(args + " -j KUBE-MARK-MASQ");
            externalIPRules(natRules, args);
        }
        if (!d.empty(KubeIpsets.EXTERNAL_IP_LOCAL)) {
            externalIPRules(natRules, "-A KUBE-SERVICES -m comment --comment " + KubeIpsets.quotedComment(KubeIpsets.EXTERNAL_IP_LOCAL)
                    + " -m set --match-set " + KubeIpsets.EXTERNAL_IP_LOCAL + " dst,dst");
        }
        natRules.add("-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT");
        natRules.add("-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ");
        filterRules.add("-A KUBE-SOURCE-RANGES-FIREWALL -j DROP");
        // LB access from the node: for IPVS, source and destination would both be the LB IP
        for (DesiredState.NoNodeAccess n : d.noNodeAccess()) {
            filterRules.add("-A KUBE-IPVS-OUT-FILTER -s " + n.ip() + " -m ipvs --vaddr " + n.ip() + " --vproto " + n.protocol()
                    + " --vport " + n.port() + " -j DROP");
        }
        // acceptIPVSTraffic: must stay at the end of KUBE-SERVICES
        for (String set : List.of(KubeIpsets.CLUSTER_IP, KubeIpsets.LOAD_BALANCER)) {
            if (!d.empty(set)) natRules.add("-A KUBE-SERVICES -m set --match-set " + set + " dst,dst -j ACCEPT");
        }
        String mark = config.masqueradeMark();
        filterRules.add("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark " + mark + "/" + mark + " -j ACCEPT");
        filterRules.add("-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        filterRules.add("-A KUBE-NODE-PORT -m comment --comment " + KubeIpsets.quotedComment(KubeIpsets.HEALTH_CHECK_NODE_PORT)
                + " -m set --match-set " + KubeIpsets.HEALTH_CHECK_NODE_PORT + " dst -j ACCEPT");
        // KUBE-IPVS-FILTER: no access to host ports through VIPs (kubernetes issue 72236)
        for (String set : List.of(KubeIpsets.LOAD_BALANCER, KubeIpsets.CLUSTER_IP, KubeIpsets.EXTERNAL_IP, KubeIpsets.EXTERNAL_IP_LOCAL)) {
            filterRules.add("-A KUBE-IPVS-FILTER -m set --match-set " + set + " dst,dst -j RETURN");
        }
        filterRules.add("-A KUBE-IPVS-FILTER -m set --match-set " + KubeIpsets.HEALTH_CHECK_NODE_PORT + " dst -j RETURN");
        filterRules.add("-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set " + KubeIpsets.IPVS_IPS + " dst -j REJECT");
        natRules.add("-A KUBE-POSTROUTING -m mark ! --mark " + mark + "/" + mark + " -j RETURN");
        natRules.add("-A KUBE-POSTROUTING -j MARK --xor-mark " + mark); // so a re-traversal is not masqueraded twice
        natRules.add("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE"
                + (config.randomFully() ? " --random-fully" : ""));
        natRules.add("-A KUBE-MARK-MASQ -j MARK --or-mark " + mark);
        filterRules.add("COMMIT");
        natRules.add("COMMIT");

        StringBuilder sb = new StringBuilder();
        for (List<String> part : List.of(natChains, natRules, filterChains, filterRules)) for (String l : part) sb.append(l).append('\n');
        return sb.toString();
    }

    /** externalIPRules: accept traffic from off the machine, and traffic to external IPs that are local. */
    private static void externalIPRules(List<String> natRules, String args) {
        natRules.add(args + " -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT");
        natRules.add(args + " -m addrtype --dst-type LOCAL -j ACCEPT");
    }
}
