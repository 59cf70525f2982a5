package io.kdp.kubeproxy.nftables;

import io.kdp.kubeproxy.SyncResult;
import java.util.Set;

/**
 * What one nftables-mode sync writes: {@link #cleanupText()}, the separate transaction that deletes the chains a
 * previous sync left stale (empty when there are none), then {@link #transactionText()}, the knftables transaction
 * kube-proxy runs with {@code nft -f -}.
 *
 * @param activeChains the per-service chains in use after this sync
 * @param staleChains per-service chains this sync flushed; the next sync deletes them (kube-proxy waits until they
 *                    have been stale for a second, since kernels before 6.2 notice a dropped map reference late)
 * @param operations the number of operations in the transaction (the apply cost kube-proxy pays)
 * @param skippedServices services a partial sync did not rewrite
 */
public record NftablesSyncResult(boolean fullSync, String cleanupText, String transactionText, Set<String> activeChains,
                                 Set<String> staleChains, int operations, int skippedServices) implements SyncResult {
    public NftablesSyncResult {
        activeChains = Set.copyOf(activeChains);
        staleChains = Set.copyOf(staleChains);
    }

    /** The cleanup transaction (if any), then the sync transaction, as fed to {@code nft -f -}. */
    @Override
    public String render() {
        return cleanupText + transactionText;
    }
}
