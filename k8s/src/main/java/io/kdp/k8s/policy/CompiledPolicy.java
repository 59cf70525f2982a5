package io.kdp.k8s.policy;

import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.NetworkPolicySpec;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PolicyType;
import java.util.ArrayList;
import java.util.List;

/** A policy with its rules compiled; rules of a direction its policyTypes leave out are kept but never used. */
record CompiledPolicy(NetworkPolicy policy, List<PolicyRule> ingress, List<PolicyRule> egress) {
    static CompiledPolicy compile(NetworkPolicy policy) {
        NetworkPolicySpec spec = policy.spec();
        List<PolicyRule> in = new ArrayList<>(spec.ingress().size());
        for (int i = 0; i < spec.ingress().size(); i++) {
            var r = spec.ingress().get(i);
            in.add(PolicyRule.compile(policy, PolicyType.INGRESS, i, r.from(), r.ports()));
        }
        List<PolicyRule> out = new ArrayList<>(spec.egress().size());
        for (int i = 0; i < spec.egress().size(); i++) {
            var r = spec.egress().get(i);
            out.add(PolicyRule.compile(policy, PolicyType.EGRESS, i, r.to(), r.ports()));
        }
        return new CompiledPolicy(policy, List.copyOf(in), List.copyOf(out));
    }

    String namespace() {
        return policy.metadata().namespace();
    }

    List<PolicyRule> rules(PolicyType direction) {
        return direction == PolicyType.INGRESS ? ingress : egress;
    }

    /** Whether this policy isolates {@code pod} for {@code direction} (same namespace, podSelector, policyTypes). */
    boolean selects(Pod pod, PolicyType direction) {
        NetworkPolicySpec spec = policy.spec();
        boolean affects = direction == PolicyType.INGRESS ? spec.affectsIngress() : spec.affectsEgress();
        return affects && pod.metadata().namespace().equals(namespace()) && spec.podSelector().matches(pod.metadata().labels());
    }
}
