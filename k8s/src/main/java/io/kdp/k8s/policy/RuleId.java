package io.kdp.k8s.policy;

import io.kdp.k8s.model.PolicyType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Names one rule of one policy: {@code namespace/name ingress[0]}. {@link #hash()} is a stable short identifier
 * for data planes that tag rules, such as Calico's {@code cali:<id>} rule comments.
 */
public record RuleId(String namespace, String name, PolicyType direction, int index) {
    public RuleId {
        if (direction == null) throw new IllegalArgumentException("rule id: direction is required");
        if (index < 0) throw new IllegalArgumentException("rule id: index " + index + " is negative");
    }

    /** {@code namespace/name} of the policy. */
    public String policyKey() {
        return namespace + "/" + name;
    }

    /**
     * 16 characters of URL-safe base64 (alphabet {@code A-Za-z0-9-_}, as Calico's rule ids) of the SHA-256 of
     * {@code namespace/name/direction/index}: the same rule gets the same id in every run.
     */
    public String hash() {
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(
                    (policyKey() + "/" + direction.apiName() + "/" + index).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sum).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** {@code x/allow-b ingress[0]}. */
    @Override
    public String toString() {
        return policyKey() + " " + (direction == PolicyType.INGRESS ? "ingress" : "egress") + "[" + index + "]";
    }
}
