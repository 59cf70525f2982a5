package io.kdp.cni.calico.felix;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Felix's rule hashes (generictables Chain.RuleHashes): SHA-224 of the chain name, then for each
 * rule SHA-224 of the previous hash followed by the rule's {@code -A CHAIN HASH ...} rendering,
 * URL-safe base64 without padding, first 16 characters. A rule's id therefore depends on its
 * position and on every rule before it. Written as {@code -m comment --comment "cali:<hash>"}.
 */
public final class RuleHash {
    /** rules.RuleHashPrefix. */
    public static final String PREFIX = "cali:";
    /** iptables.HashLength. */
    public static final int LENGTH = 16;

    private RuleHash() {}

    public static String[] hashes(String chain, List<FelixRule> rules) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-224");
            byte[] hash = md.digest(chain.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String[] out = new String[rules.size()];
            for (int i = 0; i < rules.size(); i++) {
                md.reset();
                md.update(hash);
                md.update(rules.get(i).felixAppend(chain).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                hash = md.digest();
                out[i] = Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, LENGTH);
            }
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-224 is required of every Java platform", e);
        }
    }

    /**
     * hashutils.GetLengthLimitedID: {@code prefix + suffix}, or, when that is longer than
     * {@code maxLength} (or exactly as long and the suffix starts with {@code _}), {@code prefix + "_"}
     * and the start of base64url(sha256(suffix)).
     */
    public static String lengthLimitedId(String prefix, String suffix, int maxLength) {
        int total = prefix.length() + suffix.length();
        if (total > maxLength || (total == maxLength && suffix.startsWith("_"))) {
            try {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(suffix.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String b = Base64.getUrlEncoder().withoutPadding().encodeToString(h);
                return prefix + "_" + b.substring(0, maxLength - 1 - prefix.length());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return prefix + suffix;
    }
}
