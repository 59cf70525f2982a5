package io.kdp.k8s.model;

import java.util.ArrayList;
import java.util.List;

/**
 * networking/v1 NetworkPolicySpec. {@code podSelector} is required by the API; null is read as {@code {}}
 * (all pods in the namespace). When {@code policyTypes} is empty it is defaulted as SetDefaults_NetworkPolicy
 * does: always Ingress, plus Egress when there are egress rules.
 */
public record NetworkPolicySpec(LabelSelector podSelector, List<PolicyType> policyTypes,
                                List<NetworkPolicyIngressRule> ingress, List<NetworkPolicyEgressRule> egress) {
    public NetworkPolicySpec {
        if (podSelector == null) podSelector = LabelSelector.EVERYTHING;
        ingress = Norm.list(ingress);
        egress = Norm.list(egress);
        policyTypes = Norm.list(policyTypes);
        if (policyTypes.isEmpty()) {
            List<PolicyType> t = new ArrayList<>(2);
            t.add(PolicyType.INGRESS);
            if (!egress.isEmpty()) t.add(PolicyType.EGRESS);
            policyTypes = List.copyOf(t);
        }
    }

    /** The policy isolates the selected pods for ingress. */
    public boolean affectsIngress() {
        return policyTypes.contains(PolicyType.INGRESS);
    }

    /** The policy isolates the selected pods for egress. */
    public boolean affectsEgress() {
        return policyTypes.contains(PolicyType.EGRESS);
    }
}
