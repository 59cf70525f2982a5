package io.kdp.k8s.model;

/** core/v1 ClientIPConfig: the ClientIP affinity timeout (1..86400 s; the API default is 10800 s). */
public record ClientIPConfig(int timeoutSeconds) {
    /** DefaultClientIPServiceAffinitySeconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10800;
    /** MaxClientIPServiceAffinitySeconds. */
    public static final int MAX_TIMEOUT_SECONDS = 86400;
}
