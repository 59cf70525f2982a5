package io.kdp.k8s.model;

/**
 * A top-level Kubernetes API object modelled by kdp.
 *
 * <p>Conventions of every record in this package: field names are the API's JSON names; fields that are
 * pointers in the Go API types (e.g. {@code EndpointConditions.ready}) are nullable wrappers; other scalars
 * take the Go zero value when absent ({@code ""}, {@code 0}, {@code false}); collections are never null
 * (absent means empty) and are unmodifiable. Compact constructors apply the API server's defaulting
 * (pkg/apis/&lt;group&gt;/v1/defaults.go), so a record built in code looks like one read back from the API.
 */
public sealed interface KubeObject permits Node, Pod, Service, EndpointSlice, NetworkPolicy, Namespace {
    ObjectMeta metadata();

    /** The API kind, e.g. {@code Service}. */
    String kind();

    /** The API group/version, e.g. {@code discovery.k8s.io/v1}. */
    String apiVersion();

    /** {@code namespace/name} for namespaced objects, {@code name} for cluster-scoped ones (as kubectl prints keys). */
    default String key() {
        ObjectMeta m = metadata();
        return m.namespace().isEmpty() ? m.name() : m.namespace() + "/" + m.name();
    }
}
