package io.kdp.kubeproxy.iptables;

import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.Proxier;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.kubeproxy.ServicePortInfo;
import io.kdp.linux.NetNamespace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * kube-proxy's iptables mode (pkg/proxy/iptables/proxier.go, v1.31-v1.34 {@code syncProxyRules}).
 *
 * <p>Each {@link #sync} produces the iptables-restore input kube-proxy writes: {@code *filter} with the
 * top-level chains KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-FORWARD, KUBE-NODEPORTS, KUBE-PROXY-FIREWALL
 * (and KUBE-FIREWALL with localhost NodePorts), then {@code *nat} with KUBE-SERVICES, KUBE-NODEPORTS,
 * KUBE-POSTROUTING, KUBE-MARK-MASQ and the per-service chains. Service ports are processed in
 * {@link io.kdp.kubeproxy.ServicePortName} order (kube-proxy iterates a Go map, so its order is random; every
 * per-service rule order is kube-proxy's).
 *
 * <p>Partial syncs (the default since v1.28): after a successful sync, the next one rewrites only the nat chains
 * of services whose ports or endpoints changed; the top-level chains and the filter table are always rewritten
 * (a chain line flushes a chain, so they must be). Per-service chains that were present but are no longer used
 * get a chain line and a {@code -X}. A full sync happens first, after {@link #requestFullSync()}, and ensures
 * the jump rules from the built-in chains. Large-cluster mode (over 1000 endpoints) drops the per-endpoint
 * comments as kube-proxy does; kdp always deletes stale chains (kube-proxy skips that in large clusters
 * unless a sync period passed).
 */
public final class IptablesProxier implements Proxier {
    /** largeClusterEndpointsThreshold. */
    public static final int LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

    private static final List<String> FILTER_TOP = List.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL");
    private static final List<String> NAT_TOP = List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ");

    private final ProxierConfig config;
    private boolean needFullSync = true;
    private ProxyState lastState;
    /** The nat chains kdp knows to exist after the last sync (kube-proxy reads them with iptables-save). */
    private Set<String> knownNatChains = Set.of();
    private IptablesSyncResult last;

    public IptablesProxier(ProxierConfig config) {
        this.config = config;
    }

    public ProxierConfig config() {
        return config;
    }

    @Override
    public String mode() {
        return "iptables";
    }

    @Override
    public void requestFullSync() {
        needFullSync = true;
    }

    /** The result of the last sync, or null. */
    public IptablesSyncResult lastResult() {
        return last;
    }

    /** A sync against the nat chains this proxier itself created (a node nobody else touched). */
    @Override
    public IptablesSyncResult sync(ProxyState state) {
        return sync(state, knownNatChains);
    }

    /**
     * A sync given the nat chains that currently exist on the node (what kube-proxy reads with
     * {@code iptables-save -t nat} to find stale service chains).
     */
    public IptablesSyncResult sync(ProxyState state, Set<String> existingNatChains) {
        boolean full = needFullSync || lastState == null;
        Set<String> changed = full ? Set.of() : state.changedServices(lastState);
        boolean large = state.totalEndpoints() > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
        SyncContext ctx = SyncContext.of(config, large);

        ServicePortRules.Buffers b = new ServicePortRules.Buffers();
        LineBuffer skippedChains = LineBuffer.discarding(), skippedRules = LineBuffer.discarding();
        for (String c : FILTER_TOP) b.filterChains.chain(c);
        for (String c : NAT_TOP) b.natChains.chain(c);

        String mark = ctx.masqueradeMark();
        b.natRules.write("-A", "KUBE-POSTROUTING", "-m", "mark", "!", "--mark", mark + "/" + mark, "-j", "RETURN");
        b.natRules.write("-A", "KUBE-POSTROUTING", "-j", "MARK", "--xor-mark", mark); // so a re-traversal is not masqueraded twice
        if (config.randomFully()) {
            b.natRules.write("-A", "KUBE-POSTROUTING", "-m", "comment", "--comment", "\"kubernetes service traffic requiring SNAT\"",
                    "-j", "MASQUERADE", "--random-fully");
        } else {
            b.natRules.write("-A", "KUBE-POSTROUTING", "-m", "comment", "--comment", "\"kubernetes service traffic requiring SNAT\"",
                    "-j", "MASQUERADE");
        }
        b.natRules.write("-A", "KUBE-MARK-MASQ", "-j", "MARK", "--or-mark", mark);
        if (ctx.localhostNodePorts()) {
            // route_localnet opens 127.0.0.0/8 to the network (issue 90259); kubelet writes the same rule
            b.filterChains.chain("KUBE-FIREWALL");
            b.filterRules.write("-A", "KUBE-FIREWALL", "-m", "comment", "--comment", "\"block incoming localnet connections\"",
                    "-d", "127.0.0.0/8", "!", "-s", "127.0.0.0/8", "-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT", "-j", "DROP");
        }

        Set<String> active = new TreeSet<>();
        for (ServicePortInfo svc : state.servicePorts()) {
            boolean skip = !full && !changed.contains(svc.name().serviceKey());
            new ServicePortRules(ctx, svc, state.endpoints(svc.name()))
                    .write(b, skip ? skippedChains : b.natChains, skip ? skippedRules : b.natRules, active);
        }

        // Delete stale per-service chains: a chain line flushes it, then -X removes it.
        Set<String> deleted = new TreeSet<>();
        for (String chain : existingNatChains) {
            if (!active.contains(chain) && ChainNames.isServiceChain(chain)) deleted.add(chain);
        }
        for (String chain : deleted) {
            b.natChains.chain(chain);
            b.natRules.write("-X", chain);
        }

        // Finally, tail-call to KUBE-NODEPORTS; this must stay the last rule of KUBE-SERVICES.
        String last = "\"kubernetes service nodeports; NOTE: this must be the last rule in this chain\"";
        if (config.nodePortsMatchAll()) {
            if (ctx.localhostNodePorts()) {
                b.natRules.write("-A", "KUBE-SERVICES", "-m", "comment", "--comment", last, "-m", "addrtype", "--dst-type", "LOCAL", "-j", "KUBE-NODEPORTS");
            } else {
                b.natRules.write("-A", "KUBE-SERVICES", "-m", "comment", "--comment", last, "-m", "addrtype", "--dst-type", "LOCAL",
                        "!", "-d", "127.0.0.0/8", "-j", "KUBE-NODEPORTS");
            }
        } else {
            for (String ip : config.nodePortIPs()) {
                if (ip.startsWith("127.") && !ctx.localhostNodePorts()) continue; // "--iptables-localhost-nodeports=false was passed"
                b.natRules.write("-A", "KUBE-SERVICES", "-m", "comment", "--comment", last, "-d", ip, "-j", "KUBE-NODEPORTS");
            }
        }

        if (!config.conntrackTcpBeLiberal()) {
            // INVALID packets would otherwise reset connections (issues 74839, 117924)
            if (config.nfacct()) {
                b.filterRules.write("-A", "KUBE-FORWARD", "-m", "conntrack", "--ctstate", "INVALID", "-m", "nfacct", "--nfacct-name",
                        SyncContext.CT_STATE_INVALID_COUNTER, "-j", "DROP");
            } else {
                b.filterRules.write("-A", "KUBE-FORWARD", "-m", "conntrack", "--ctstate", "INVALID", "-j", "DROP");
            }
        }
        b.filterRules.write("-A", "KUBE-FORWARD", "-m", "comment", "--comment", "\"kubernetes forwarding rules\"",
                "-m", "mark", "--mark", mark + "/" + mark, "-j", "ACCEPT");
        b.filterRules.write("-A", "KUBE-FORWARD", "-m", "comment", "--comment", "\"kubernetes forwarding conntrack rule\"",
                "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT");

        String text = "*filter\n" + b.filterChains.text() + b.filterRules.text() + "COMMIT\n"
                + "*nat\n" + b.natChains.text() + b.natRules.text() + "COMMIT\n";
        IptablesSyncResult result = new IptablesSyncResult(full, full ? JumpChains.chains() : List.of(), full ? JumpChains.rules() : List.of(),
                text, active, deleted, b.filterRules.lines(), b.natRules.lines() - deleted.size(), skippedRules.lines());

        // Success (kdp's restore is applied by the caller; a failed apply calls requestFullSync()).
        Set<String> known = new TreeSet<>(existingNatChains);
        known.removeAll(deleted);
        known.addAll(NAT_TOP);
        known.addAll(active);
        knownNatChains = Set.copyOf(known);
        lastState = state;
        needFullSync = false;
        this.last = result;
        return result;
    }

    @Override
    public IptablesSyncResult apply(NetNamespace node, ProxyState state) {
        IptablesSyncResult r = sync(state, IptablesLoader.natChains(node));
        load(node, r);
        return r;
    }

    @Override
    public void apply(NetNamespace node) {
        if (last == null) throw new IllegalStateException("kube-proxy (iptables) on " + node.name() + ": nothing synced yet");
        load(node, last);
    }

    private void load(NetNamespace node, IptablesSyncResult r) {
        try {
            if (r.fullSync()) sysctls().forEach(node.sysctls()::set);
            IptablesLoader.load(node, r);
        } catch (RuntimeException e) {
            needFullSync = true; // kube-proxy: the change trackers are flushed, so only a full sync can recover
            throw e;
        }
    }

    /**
     * The sysctls kube-proxy sets for this mode: {@code route_localnet=1} when localhost NodePorts are enabled
     * (NewProxier), and the conntrack TCP timeouts kube-proxy's server sets by default (established 24h,
     * close_wait 1h). nf_conntrack_max (depends on the CPU count) and bridge-nf-call-iptables (no longer set
     * by the iptables proxier) are not included.
     */
    @Override
    public Map<String, String> sysctls() {
        Map<String, String> m = new LinkedHashMap<>();
        if (config.effectiveLocalhostNodePorts()) m.put("net.ipv4.conf.all.route_localnet", "1");
        m.put("net.netfilter.nf_conntrack_tcp_timeout_established", "86400");
        m.put("net.netfilter.nf_conntrack_tcp_timeout_close_wait", "3600");
        return m;
    }
}
