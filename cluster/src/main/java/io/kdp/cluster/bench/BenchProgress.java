package io.kdp.cluster.bench;

/** Hears what a {@link BenchRunner} is doing, for a progress display. */
public interface BenchProgress {
    /** A node is being built: kube-proxy in {@code mode} loads {@code services} Services of {@code endpoints} endpoints. */
    default void building(ProxyMode mode, int services, int endpoints) {}

    /** The node was built in {@code nanos}. */
    default void built(ProxyMode mode, int services, int endpoints, long nanos) {}

    /** Case {@code index} (from 1) of {@code total} was measured. */
    default void measured(int index, int total, LookupResult result) {}

    /** Hears nothing. */
    BenchProgress NONE = new BenchProgress() {};
}
