package io.kdp.cni.calico.felix;

import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.PolicyType;
import io.kdp.k8s.policy.PolicyEngine;
import io.kdp.linux.NetNamespace;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Felix's iptables and ipset programming on one node: it renders every chain (static, dispatch,
 * endpoint, policy, profile, nat), loads them with {@code iptables-restore --noflush} (its jumps
 * inserted at the top of the built-in chains, its FORWARD accept rules appended), creates its IP
 * sets, and installs the {@link PolicyTraceHook}.
 *
 * @param ipip        the pool uses IPIP: tunl0 rules and {@code cali40all-hosts-net}
 * @param vxlan       the pool uses VXLAN: vxlan rules and {@code cali40all-vxlan-net}
 * @param pools       every pool CIDR, and those with natOutgoing
 * @param hostIps     every node's address
 */
public record Felix(boolean ipip, boolean vxlan, List<Cidr> pools, List<Cidr> natOutgoingPools, List<Integer> hostIps) {
    private static final List<String> IPSET_OPTIONS = List.of("family", "inet", "hashsize", "1024", "maxelem", "1048576");

    /** The filter and nat tables as {@code iptables-restore} input for this node's endpoints. */
    public String restoreText(List<WorkloadEndpoint> endpoints, PolicyCompiler compiler) {
        List<FelixChain> filter = new ArrayList<>(FelixStaticChains.filter(ipip, vxlan));
        filter.addAll(FelixEndpointChains.dispatch(endpoints));
        Map<String, FelixChain> policyChains = new LinkedHashMap<>();
        Set<String> profiles = new LinkedHashSet<>();
        for (WorkloadEndpoint e : endpoints) {
            filter.addAll(FelixEndpointChains.endpoint(e));
            for (NetworkPolicy p : e.ingress()) policyChains.computeIfAbsent(PolicyCompiler.chainName(p, PolicyType.INGRESS), k -> compiler.compile(p, PolicyType.INGRESS));
            for (NetworkPolicy p : e.egress()) policyChains.computeIfAbsent(PolicyCompiler.chainName(p, PolicyType.EGRESS), k -> compiler.compile(p, PolicyType.EGRESS));
            profiles.add(e.namespaceProfile());
            profiles.add(e.serviceAccountProfile());
        }
        filter.addAll(policyChains.values());
        for (String profile : profiles) {
            filter.add(FelixEndpointChains.profile(profile, true));
            filter.add(FelixEndpointChains.profile(profile, false));
        }
        StringBuilder sb = new StringBuilder("*filter\n");
        for (FelixChain c : filter) sb.append(':').append(c.name()).append(" - [0:0]\n");
        for (String builtin : List.of("INPUT", "FORWARD", "OUTPUT")) sb.append(insert(FelixStaticChains.insert(builtin)));
        for (FelixChain c : filter) sb.append(c.saveLines());
        sb.append(FelixStaticChains.forwardAppend().saveLines());
        sb.append("COMMIT\n*nat\n");
        List<FelixChain> nat = FelixStaticChains.nat(ipip ? "tunl0" : vxlan ? "vxlan.calico" : null, !natOutgoingPools.isEmpty());
        for (FelixChain c : nat) sb.append(':').append(c.name()).append(" - [0:0]\n");
        for (String builtin : List.of("PREROUTING", "OUTPUT", "POSTROUTING")) sb.append(insert(FelixStaticChains.insert(builtin)));
        for (FelixChain c : nat) sb.append(c.saveLines());
        sb.append("COMMIT\n");
        return sb.toString();
    }

    /** {@code -A CHAIN ...} lines turned into inserts at the top, in order. */
    private static String insert(FelixChain c) {
        StringBuilder sb = new StringBuilder();
        int i = 1;
        for (String line : c.saveLines().split("\n")) sb.append("-I ").append(c.name()).append(' ').append(i++).append(line.substring(("-A " + c.name()).length())).append('\n');
        return sb.toString();
    }

    /** Programs {@code ns}: IP sets, then the chains, then the trace hook. */
    public void program(NetNamespace ns, List<WorkloadEndpoint> endpoints, PolicyEngine engine, PolicyCompiler compiler) {
        String text = restoreText(endpoints, compiler);
        createSet(ns, FelixStaticChains.ALL_POOLS, pools.stream().map(Cidr::toString).toList());
        createSet(ns, FelixStaticChains.MASQ_POOLS, natOutgoingPools.stream().map(Cidr::toString).toList());
        if (ipip) createSet(ns, FelixStaticChains.ALL_HOSTS_NET, hostIps.stream().map(Ip4::format).toList());
        if (vxlan) createSet(ns, FelixStaticChains.ALL_VXLAN_NET, hostIps.stream().map(Ip4::format).toList());
        for (PolicyCompiler.SelectorSet s : compiler.sets().values()) createSet(ns, s.name(), s.members().stream().map(Ip4::format).toList());
        ns.iptables().restore("felix", text, true, false);
        Set<String> ifaces = new LinkedHashSet<>();
        endpoints.forEach(e -> ifaces.add(e.iface()));
        PolicyTraceHook.install(ns, engine, ifaces);
    }

    private static void createSet(NetNamespace ns, String name, List<String> members) {
        if (!ns.ipsets().exists(name)) ns.ipsets().create(name, "hash:net", IPSET_OPTIONS, false);
        ns.ipsets().flush(name);
        for (String m : members) ns.ipsets().add(name, m, true);
    }
}
