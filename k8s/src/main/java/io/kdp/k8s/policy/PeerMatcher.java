package io.kdp.k8s.policy;

import io.kdp.k8s.model.LabelSelector;
import io.kdp.k8s.model.NetworkPolicyPeer;
import io.kdp.k8s.model.Pod;
import java.util.Arrays;

/**
 * Whether a connection end is one of a rule's peers (NetworkPolicyPeer semantics):
 * <ul>
 *   <li>{@code podSelector} alone: pods it selects in the policy's namespace;</li>
 *   <li>{@code namespaceSelector} alone: every pod in the namespaces it selects;</li>
 *   <li>both in one peer: pods the podSelector selects inside the namespaces the namespaceSelector selects
 *       (the AND form; two list items, one with each, are the OR form);</li>
 *   <li>{@code ipBlock}: addresses in {@code cidr} and in none of {@code except}, limited by {@link IpBlockScope}.</li>
 * </ul>
 * Selectors match only pod ends; a hostNetwork pod counts as its node, which selectors never match.
 */
public final class PeerMatcher {
    private final NamespaceLabels namespaces;
    private final IpBlockScope scope;
    private final int[] clusterAddresses;

    /**
     * @param clusterAddresses pod and node addresses, which {@link IpBlockScope#CLUSTER_EXTERNAL} keeps ipBlocks
     *                         from matching
     */
    public PeerMatcher(NamespaceLabels namespaces, IpBlockScope scope, int[] clusterAddresses) {
        this.namespaces = namespaces;
        this.scope = scope;
        this.clusterAddresses = clusterAddresses.clone();
        Arrays.sort(this.clusterAddresses);
    }

    /** Whether some peer of {@code rule} (declared in {@code policyNamespace}) matches {@code end}; empty peers match all. */
    public boolean matchesAny(PolicyRule rule, String policyNamespace, ConnectionEnd end) {
        if (rule.peers().isEmpty()) return true;
        for (int i = 0; i < rule.peers().size(); i++) {
            if (matches(rule.peers().get(i), rule.ipBlock(i), policyNamespace, end)) return true;
        }
        return false;
    }

    /** One peer; {@code block} is the compiled {@code peer.ipBlock()} (null when the peer has selectors). */
    public boolean matches(NetworkPolicyPeer peer, IpBlockMatcher block, String policyNamespace, ConnectionEnd end) {
        if (block != null) {
            if (!end.hasAddress()) return false;
            if (scope == IpBlockScope.CLUSTER_EXTERNAL && isInCluster(end)) return false;
            return block.matches(end.address());
        }
        if (!(end instanceof ConnectionEnd.OfPod p) || p.hostNetwork()) return false;
        return selects(peer, policyNamespace, p.pod());
    }

    /** Whether the selectors of {@code peer} select {@code pod} (the ipBlock part is not considered). */
    public boolean selects(NetworkPolicyPeer peer, String policyNamespace, Pod pod) {
        String ns = pod.metadata().namespace();
        LabelSelector nsSel = peer.namespaceSelector();
        if (nsSel == null) {
            if (!ns.equals(policyNamespace)) return false;
        } else if (!nsSel.matches(namespaces.of(ns))) {
            return false;
        }
        LabelSelector podSel = peer.podSelector();
        return podSel == null || podSel.matches(pod.metadata().labels());
    }

    private boolean isInCluster(ConnectionEnd end) {
        if (end instanceof ConnectionEnd.OfPod) return true;
        return Arrays.binarySearch(clusterAddresses, end.address()) >= 0;
    }
}
