package io.kdp.kubeproxy.iptables;

import io.kdp.kubeproxy.SyncResult;
import java.util.List;
import java.util.Set;

/**
 * What one iptables-mode sync writes: on a full sync the chains and jump rules ensured with single
 * {@code iptables} commands (empty on a partial sync), then {@link #restoreText()}, the exact input kube-proxy
 * feeds to {@code iptables-restore --noflush --counters} (filter table then nat table).
 *
 * @param activeNatChains the per-service nat chains (KUBE-SVC/SVL/EXT/FW/SEP) in use after this sync
 * @param deletedNatChains stale per-service chains this sync flushes and deletes ({@code -X})
 * @param skippedNatRules nat rules of unchanged services a partial sync did not rewrite
 */
public record IptablesSyncResult(boolean fullSync, List<EnsuredChain> ensuredChains, List<EnsuredRule> ensuredRules,
                                 String restoreText, Set<String> activeNatChains, Set<String> deletedNatChains,
                                 int filterRules, int natRules, int skippedNatRules) implements SyncResult {
    public IptablesSyncResult {
        ensuredChains = List.copyOf(ensuredChains);
        ensuredRules = List.copyOf(ensuredRules);
        activeNatChains = Set.copyOf(activeNatChains);
        deletedNatChains = Set.copyOf(deletedNatChains);
    }

    /** The ensure commands ({@code iptables -t T -N/-I ...}) one per line, then the restore input. */
    @Override
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (EnsuredChain c : ensuredChains) sb.append("iptables ").append(c.command()).append('\n');
        for (EnsuredRule r : ensuredRules) sb.append("iptables ").append(r.insertCommand()).append('\n');
        if (sb.length() > 0) sb.append("iptables-restore --noflush --counters <<EOF\n");
        sb.append(restoreText);
        if (!ensuredChains.isEmpty() || !ensuredRules.isEmpty()) sb.append("EOF\n");
        return sb.toString();
    }
}
