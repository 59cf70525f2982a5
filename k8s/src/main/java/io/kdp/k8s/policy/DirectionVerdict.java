package io.kdp.k8s.policy;

import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.PolicyType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The decision of one direction: egress from the connection's source or ingress to its destination.
 *
 * @param selecting the policies that select the pod for this direction, by {@code namespace/name}
 * @param allowedBy every rule that matched, in policy-key then rule order (empty unless
 *                  {@link Outcome#ALLOWED_BY_RULE}); the first is the one a trace names
 * @param subject   the pod or address this direction is about, as {@link ConnectionEnd#describe()}
 */
public record DirectionVerdict(PolicyType direction, Outcome outcome, String subject, List<NetworkPolicy> selecting,
                               List<RuleId> allowedBy) {
    public DirectionVerdict {
        if (direction == null || outcome == null || subject == null) throw new IllegalArgumentException("direction verdict: missing field");
        selecting = List.copyOf(selecting);
        allowedBy = List.copyOf(allowedBy);
        if ((outcome == Outcome.ALLOWED_BY_RULE) == allowedBy.isEmpty()) {
            throw new IllegalArgumentException("direction verdict: allowedBy must be given exactly when the outcome is ALLOWED_BY_RULE");
        }
    }

    public boolean allowed() {
        return outcome.allows();
    }

    /** Whether some policy selects the pod for this direction. */
    public boolean isolated() {
        return !selecting.isEmpty();
    }

    /** {@code namespace/name} of each selecting policy. */
    public List<String> selectingKeys() {
        return selecting.stream().map(NetworkPolicy::key).toList();
    }

    /** The rule a trace names: the first of {@link #allowedBy()}, or null. */
    public RuleId rule() {
        return allowedBy.isEmpty() ? null : allowedBy.get(0);
    }

    /**
     * One line for a trace, e.g. {@code ingress x/a: allowed by x/allow-b ingress[0]} or
     * {@code ingress x/a: denied: default deny by x/deny-all, x/allow-b (no rule matched)}.
     */
    public String describe() {
        String head = (direction == PolicyType.INGRESS ? "ingress " : "egress ") + subject + ": ";
        return head + switch (outcome) {
            case NOT_A_POD -> "not enforced: not a pod";
            case HOST_NETWORK -> "not enforced: hostNetwork pod";
            case NOT_ISOLATED -> "allowed: not isolated for " + (direction == PolicyType.INGRESS ? "ingress" : "egress")
                    + " (no policy selects it)";
            case ALLOWED_BY_RULE -> "allowed by " + allowedBy.stream().map(RuleId::toString).collect(Collectors.joining(", "));
            case ALLOWED_FROM_LOCAL_NODE -> "allowed: from the pod's own node";
            case ESTABLISHED -> "allowed: packet of an established connection";
            case DENIED -> "denied: default deny by " + String.join(", ", selectingKeys()) + " (no rule matched)";
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
