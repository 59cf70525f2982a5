package io.kdp.kubeproxy.nftables;

import io.kdp.kubeproxy.Proxier;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.kubeproxy.ServicePortInfo;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.nftables.NftChain;
import io.kdp.linux.nftables.NftException;
import io.kdp.linux.nftables.NftFamily;
import io.kdp.linux.nftables.NftSet;
import io.kdp.linux.nftables.NftTable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kube-proxy's nftables mode (pkg/proxy/nftables/proxier.go, v1.34 {@code syncProxyRules}, through
 * sigs.k8s.io/knftables): everything lives in table {@code ip kube-proxy}. Service dispatch is one verdict-map
 * lookup ({@code ip daddr . meta l4proto . th dport vmap @service-ips}), endpoint choice one
 * {@code numgen random mod N vmap}, so the per-packet cost does not grow with the number of Services.
 *
 * <p>A full sync (the first, after {@link #requestFullSync()} or a failed load) writes the whole table setup and
 * flushes every map; a partial sync writes only the element changes (added, replaced, deleted) and the chains of
 * services whose ports or endpoints changed. Per-service chains that are no longer used are flushed and deleted
 * by the next sync, stale affinity sets are deleted at once. Service ports are processed in
 * {@link io.kdp.kubeproxy.ServicePortName} order (kube-proxy iterates a Go map).
 */
public final class NftablesProxier implements Proxier {
    /** The names errors cite. */
    static final String SOURCE = "kube-proxy nftables transaction", CLEANUP_SOURCE = "kube-proxy nftables stale-chain cleanup";

    private final ProxierConfig config;
    private final List<String> serviceCIDRs;
    private final SyncContext.Storages storages = SyncContext.Storages.create();
    private boolean needFullSync = true;
    /** Whether the base chains were recreated once (kube-proxy's {@code flushed}). */
    private boolean baseChainsRecreated;
    private ProxyState lastState;
    /** Per-service chains and affinity sets this proxier believes exist (what {@code nft list chains/sets} would show). */
    private Set<String> knownChains = new LinkedHashSet<>(), knownSets = new LinkedHashSet<>();
    /** Chains flushed as stale, deleted at the start of the next sync. */
    private final Set<String> staleChains = new LinkedHashSet<>();
    private NftablesSyncResult last;

    /**
     * @param serviceCIDRs the IPv4 ServiceCIDRs (OnServiceCIDRsChanged); traffic to unallocated addresses in them is
     *                     dropped. Empty: no such rule.
     */
    public NftablesProxier(ProxierConfig config, List<String> serviceCIDRs) {
        this.config = config;
        this.serviceCIDRs = List.copyOf(serviceCIDRs);
    }

    public NftablesProxier(ProxierConfig config) {
        this(config, List.of());
    }

    public ProxierConfig config() {
        return config;
    }

    @Override
    public String mode() {
        return "nftables";
    }

    @Override
    public void requestFullSync() {
        needFullSync = true;
    }

    /** The result of the last sync, or null. */
    public NftablesSyncResult lastResult() {
        return last;
    }

    /** A sync against the chains and sets this proxier itself created (a node nobody else touched). */
    @Override
    public NftablesSyncResult sync(ProxyState state) {
        return sync(state, knownChains, knownSets);
    }

    /**
     * A sync given the chains and sets that exist in the table now (what kube-proxy lists with
     * {@code nft list chains} / {@code nft list sets} to find stale ones).
     */
    public NftablesSyncResult sync(ProxyState state, Set<String> existingChains, Set<String> existingSets) {
        boolean full = needFullSync || lastState == null;
        Set<String> changed = full ? Set.of() : state.changedServices(lastState);
        SyncContext ctx = SyncContext.of(config);

        // Chains left stale by the previous sync are deleted first, in a transaction of their own.
        KnftTransaction cleanup = new KnftTransaction();
        Set<String> existing = new LinkedHashSet<>(existingChains);
        for (String chain : staleChains) {
            if (existing.remove(chain)) cleanup.deleteChain(chain);
        }
        staleChains.clear();

        KnftTransaction tx = new KnftTransaction();
        if (full) {
            TableSetup.write(tx, config, serviceCIDRs, !baseChainsRecreated, storages.all());
            baseChainsRecreated = true;
        }
        Set<String> activeChains = new LinkedHashSet<>(), activeAffinitySets = new LinkedHashSet<>();
        int skipped = 0;
        for (ServicePortInfo svc : state.servicePorts()) {
            boolean skip = !full && !changed.contains(svc.name().serviceKey());
            if (skip) skipped++;
            new ServicePortNft(ctx, svc, state.endpoints(svc.name())).write(tx, storages, activeChains, activeAffinitySets, skip);
        }
        // Stale chains cannot be deleted yet (a map element may still point at them on kernels before 6.2): flush now.
        Set<String> stale = new LinkedHashSet<>();
        for (String chain : existing) {
            if (NftNames.isServiceChain(chain) && !activeChains.contains(chain)) {
                tx.flushChain(chain);
                stale.add(chain);
            }
        }
        for (String set : existingSets) {
            if (NftNames.isAffinitySet(set) && !activeAffinitySets.contains(set)) tx.deleteSet(set);
        }
        for (ElementStorage s : storages.all()) s.cleanupLeftovers(tx);

        NftablesSyncResult result = new NftablesSyncResult(full, cleanup.text(), tx.text(), activeChains, stale, tx.operations(), skipped);
        // Success (the caller loads it; a failed load calls requestFullSync()).
        Set<String> chains = new LinkedHashSet<>(existing);
        chains.addAll(activeChains);
        knownChains = chains;
        Set<String> sets = new LinkedHashSet<>();
        for (String s : existingSets) if (!NftNames.isAffinitySet(s) || activeAffinitySets.contains(s)) sets.add(s);
        sets.addAll(activeAffinitySets);
        knownSets = sets;
        staleChains.addAll(stale);
        lastState = state;
        needFullSync = false;
        last = result;
        return result;
    }

    @Override
    public NftablesSyncResult apply(NetNamespace node, ProxyState state) {
        NftTable table = node.nftables().table(NftFamily.IP, NftNames.TABLE);
        Set<String> chains = new LinkedHashSet<>(), sets = new LinkedHashSet<>();
        if (table != null) {
            for (NftChain c : table.chains()) chains.add(c.name());
            for (NftSet s : table.sets()) if (!s.anonymous()) sets.add(s.name());
        }
        NftablesSyncResult r = sync(state, chains, sets);
        load(node, r);
        return r;
    }

    @Override
    public void apply(NetNamespace node) {
        if (last == null) throw new IllegalStateException("kube-proxy (nftables) on " + node.name() + ": nothing synced yet");
        load(node, last);
    }

    private void load(NetNamespace node, NftablesSyncResult r) {
        if (!r.cleanupText().isEmpty()) {
            try {
                node.nftables().load(CLEANUP_SOURCE, r.cleanupText());
            } catch (NftException e) {
                // kube-proxy logs "Unable to delete stale chains; will retry later" and goes on
            }
        }
        try {
            if (r.fullSync()) sysctls().forEach(node.sysctls()::set);
            node.nftables().load(SOURCE, r.transactionText());
        } catch (RuntimeException e) {
            // the element storages no longer match the kernel: only a full sync can recover
            needFullSync = true;
            staleChains.clear();
            for (ElementStorage s : storages.all()) s.clear();
            throw e;
        }
    }

    /**
     * The sysctls kube-proxy sets in this mode: the conntrack TCP timeouts its server sets by default (established
     * 24h, close_wait 1h). nftables mode supports no localhost NodePorts, so route_localnet is left alone.
     */
    @Override
    public Map<String, String> sysctls() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("net.netfilter.nf_conntrack_tcp_timeout_established", "86400");
        m.put("net.netfilter.nf_conntrack_tcp_timeout_close_wait", "3600");
        return m;
    }
}
