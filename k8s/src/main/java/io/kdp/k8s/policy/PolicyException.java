package io.kdp.k8s.policy;

/**
 * A NetworkPolicy or connection that the API server would have rejected, found when a policy built in code (not
 * read through the manifest reader, which validates) is compiled. The message names the policy and field, e.g.
 * {@code NetworkPolicy x/allow: spec.ingress[0].from[1].ipBlock.cidr: invalid CIDR "10.0.0.0/33"}.
 */
public class PolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }
}
