package io.kdp.kubeproxy.nftables;

import static io.kdp.kubeproxy.nftables.NftNames.*;

import io.kdp.kubeproxy.ProxierConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a full sync writes before the services: kube-proxy's {@code setupNFTables} (v1.34 layout, after
 * kubernetes#132456): the table, the base chains (filter chains at {@code dstnat - 10} = -110 before DNAT for
 * firewall checks, at {@code filter} = 0 for the endpoint checks, nat chains at {@code dstnat} / {@code srcnat}),
 * the top-level chains and the jumps to them, masquerading, the ClusterIP checks, the NodePort address set,
 * the no-endpoint, firewall and dispatch maps, and finally a flush of every set and map the services fill.
 */
final class TableSetup {
    /** A base chain: name, type, hook and priority as knftables writes it (ParsePriority of dstnat-10 etc.). */
    record BaseChain(String name, String type, String hook, int priority) {}

    /** A jump from a base chain to a top-level chain. */
    record JumpChain(String dst, String src, String extra) {}

    static final List<BaseChain> BASE_CHAINS = List.of(
            new BaseChain(FILTER_PREROUTING_PRE_DNAT, "filter", "prerouting", -110),
            new BaseChain(FILTER_OUTPUT_PRE_DNAT, "filter", "output", -110),
            new BaseChain(FILTER_INPUT, "filter", "input", 0),
            new BaseChain(FILTER_FORWARD, "filter", "forward", 0),
            new BaseChain(FILTER_OUTPUT, "filter", "output", 0),
            new BaseChain(NAT_PREROUTING, "nat", "prerouting", -100),
            new BaseChain(NAT_OUTPUT, "nat", "output", -100),
            new BaseChain(NAT_POSTROUTING, "nat", "postrouting", 100));

    static final List<JumpChain> JUMP_CHAINS = List.of(
            // reject is only valid in input, forward and output on kernels before 5.9
            new JumpChain(NODEPORT_ENDPOINTS_CHECK, FILTER_INPUT, "ct state new"),
            new JumpChain(SERVICE_ENDPOINTS_CHECK, FILTER_INPUT, "ct state new"),
            new JumpChain(SERVICE_ENDPOINTS_CHECK, FILTER_FORWARD, "ct state new"),
            new JumpChain(SERVICE_ENDPOINTS_CHECK, FILTER_OUTPUT, "ct state new"),
            new JumpChain(FIREWALL_CHECK, FILTER_PREROUTING_PRE_DNAT, "ct state new"),
            new JumpChain(FIREWALL_CHECK, FILTER_OUTPUT_PRE_DNAT, "ct state new"),
            new JumpChain(SERVICES, NAT_OUTPUT, ""),
            new JumpChain(SERVICES, NAT_PREROUTING, ""),
            new JumpChain(MASQUERADING, NAT_POSTROUTING, ""),
            new JumpChain(CLUSTER_IPS_CHECK, FILTER_FORWARD, "ct state new"),
            new JumpChain(CLUSTER_IPS_CHECK, FILTER_OUTPUT, "ct state new"));

    /** {@code ip daddr != 127.0.0.0/8}: localhost NodePorts are not supported in nftables mode. */
    static final String NO_LOCALHOST = "ip daddr != 127.0.0.0/8";

    private TableSetup() {}

    /**
     * Writes the setup. {@code recreateBaseChains} adds and deletes every base chain first, as kube-proxy does once
     * per process so that base chains with other properties (an older layout's priorities) are recreated.
     */
    static void write(KnftTransaction tx, ProxierConfig config, List<String> serviceCIDRs, boolean recreateBaseChains,
                      List<ElementStorage> storages) {
        String mark = config.masqueradeMark();
        tx.addTable("rules for kube-proxy");
        if (recreateBaseChains) {
            for (BaseChain bc : BASE_CHAINS) {
                tx.addChain(bc.name());
                tx.deleteChain(bc.name());
            }
        }
        for (BaseChain bc : BASE_CHAINS) {
            tx.addBaseChain(bc.name(), bc.type(), bc.hook(), bc.priority());
            tx.flushChain(bc.name());
        }
        Set<String> created = new LinkedHashSet<>();
        for (JumpChain j : JUMP_CHAINS) {
            ensureChain(tx, j.dst(), created);
            tx.addRule(j.src(), j.extra().isEmpty() ? "jump " + j.dst() : j.extra() + " jump " + j.dst());
        }
        for (String c : List.of(SERVICES, CLUSTER_IPS_CHECK, MASQUERADING, MARK_MASQ)) ensureChain(tx, c, created);

        tx.addRule(MARK_MASQ, "mark set mark or " + mark);
        tx.addRule(MASQUERADING, "mark and " + mark + " == 0 return");
        tx.addRule(MASQUERADING, "mark set mark xor " + mark); // so a re-traversal is not masqueraded twice
        tx.addRule(MASQUERADING, "masquerade fully-random");

        tx.addSet(CLUSTER_IPS, "ipv4_addr", List.of(), -1, "Active ClusterIPs");
        tx.addRule(CLUSTER_IPS_CHECK, "ip daddr @" + CLUSTER_IPS + " reject", "Reject traffic to invalid ports of ClusterIPs");
        if (!serviceCIDRs.isEmpty()) {
            tx.addRule(CLUSTER_IPS_CHECK, "ip daddr { " + String.join(",", serviceCIDRs) + " } drop", "Drop traffic to unallocated ClusterIPs");
        }

        // "add+delete" rather than "delete", which fails when the set does not exist
        tx.addSet(NODEPORT_IPS, "ipv4_addr", List.of(), -1, "IPs that accept NodePort traffic");
        if (config.nodePortsMatchAll()) {
            tx.deleteSet(NODEPORT_IPS);
        } else {
            tx.flushSet(NODEPORT_IPS);
            for (String ip : config.nodePortIPs()) {
                if (ip.startsWith("127.")) continue; // "localhost NodePorts are not supported"
                tx.addElement(NODEPORT_IPS, ip, null, null);
            }
        }

        tx.addMap(NO_ENDPOINT_SERVICES, "ipv4_addr . inet_proto . inet_service : verdict", "vmap to drop or reject packets to services with no endpoints");
        tx.addMap(NO_ENDPOINT_NODEPORTS, "inet_proto . inet_service : verdict", "vmap to drop or reject packets to service nodeports with no endpoints");
        tx.addChain(REJECT_CHAIN, "helper for @no-endpoint-services / @no-endpoint-nodeports");
        tx.flushChain(REJECT_CHAIN);
        tx.addRule(REJECT_CHAIN, "reject");
        tx.addRule(SERVICE_ENDPOINTS_CHECK, "ip daddr . meta l4proto . th dport vmap @" + NO_ENDPOINT_SERVICES);
        if (config.nodePortsMatchAll()) {
            tx.addRule(NODEPORT_ENDPOINTS_CHECK, NO_LOCALHOST + " meta l4proto . th dport vmap @" + NO_ENDPOINT_NODEPORTS);
        } else {
            tx.addRule(NODEPORT_ENDPOINTS_CHECK, "ip daddr @" + NODEPORT_IPS + " meta l4proto . th dport vmap @" + NO_ENDPOINT_NODEPORTS);
        }

        tx.addMap(FIREWALL_IPS, "ipv4_addr . inet_proto . inet_service : verdict", "destinations that are subject to LoadBalancerSourceRanges");
        ensureChain(tx, FIREWALL_CHECK, created);
        tx.addRule(FIREWALL_CHECK, "ip daddr . meta l4proto . th dport vmap @" + FIREWALL_IPS);

        tx.addMap(SERVICE_IPS, "ipv4_addr . inet_proto . inet_service : verdict", "ClusterIP, ExternalIP and LoadBalancer IP traffic");
        tx.addMap(SERVICE_NODEPORTS, "inet_proto . inet_service : verdict", "NodePort traffic");
        tx.addRule(SERVICES, "ip daddr . meta l4proto . th dport vmap @" + SERVICE_IPS);
        if (config.nodePortsMatchAll()) {
            tx.addRule(SERVICES, "fib daddr type local " + NO_LOCALHOST + " meta l4proto . th dport vmap @" + SERVICE_NODEPORTS);
        } else {
            tx.addRule(SERVICES, "ip daddr @" + NODEPORT_IPS + " meta l4proto . th dport vmap @" + SERVICE_NODEPORTS);
        }
        for (ElementStorage s : storages) s.reset(tx);
    }

    /** ensureChain: add and flush a chain once per transaction, recording it in {@code created}. */
    static void ensureChain(KnftTransaction tx, String chain, Set<String> created) {
        if (!created.add(chain)) return;
        tx.addChain(chain);
        tx.flushChain(chain);
    }
}
