package io.kdp.k8s.controller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Names of controller-made slices. The real controller sets {@code generateName: <service>-} and the API server
 * appends five random characters from utilrand's alphabet "bcdfghjklmnpqrstvwxz2456789"; kdp draws the five
 * characters from a SHA-256 of a stable seed instead, so names look real and repeat across runs.
 */
final class SliceNames {
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    /** maxGeneratedNameLength = 63 - 5: longer prefixes are truncated, as names.SimpleNameGenerator does. */
    private static final int MAX_PREFIX = 58;

    private SliceNames() {}

    static String name(String serviceName, String seed) {
        String prefix = serviceName + "-";
        if (prefix.length() > MAX_PREFIX) prefix = prefix.substring(0, MAX_PREFIX);
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 5; i++) sb.append(ALPHABET.charAt((h[i] & 0xff) % ALPHABET.length()));
        return sb.toString();
    }
}
