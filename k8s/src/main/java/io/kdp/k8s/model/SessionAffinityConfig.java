package io.kdp.k8s.model;

/** core/v1 SessionAffinityConfig; {@code clientIP} is never null once defaulted by {@link ServiceSpec}. */
public record SessionAffinityConfig(ClientIPConfig clientIP) {
}
