package io.kdp.k8s.model;

import java.util.Map;

/**
 * meta/v1 ObjectMeta, the fields kdp uses. {@code namespace} is {@code ""} for cluster-scoped objects and
 * defaults to {@code "default"} for namespaced ones (done by the owning kind's constructor, as the API
 * server does for a request without a namespace). {@code deletionTimestamp} (RFC 3339 text) is null unless the
 * object is being deleted (a terminating pod).
 */
public record ObjectMeta(String name, String namespace, Map<String, String> labels, Map<String, String> annotations,
                         String uid, String deletionTimestamp) {
    /** The namespace the API server uses when a namespaced object names none. */
    public static final String DEFAULT_NAMESPACE = "default";

    public ObjectMeta {
        name = Norm.str(name);
        namespace = Norm.str(namespace);
        labels = Norm.map(labels);
        annotations = Norm.map(annotations);
        uid = Norm.str(uid);
    }

    /** Just a name and namespace. */
    public static ObjectMeta of(String namespace, String name) {
        return new ObjectMeta(name, namespace, Map.of(), Map.of(), "", null);
    }

    /** A name, namespace and labels. */
    public static ObjectMeta of(String namespace, String name, Map<String, String> labels) {
        return new ObjectMeta(name, namespace, labels, Map.of(), "", null);
    }

    /** Whether {@code deletionTimestamp} is set (the object is terminating). */
    public boolean isTerminating() {
        return deletionTimestamp != null;
    }

    public ObjectMeta withNamespace(String ns) {
        return new ObjectMeta(name, ns, labels, annotations, uid, deletionTimestamp);
    }

    public ObjectMeta withLabels(Map<String, String> l) {
        return new ObjectMeta(name, namespace, l, annotations, uid, deletionTimestamp);
    }

    public ObjectMeta withUid(String u) {
        return new ObjectMeta(name, namespace, labels, annotations, u, deletionTimestamp);
    }

    public ObjectMeta withDeletionTimestamp(String ts) {
        return new ObjectMeta(name, namespace, labels, annotations, uid, ts);
    }

    /** Namespaced kinds: an empty namespace becomes {@code default}. */
    ObjectMeta namespaced() {
        return namespace.isEmpty() ? withNamespace(DEFAULT_NAMESPACE) : this;
    }

    /** Cluster-scoped kinds: the API server clears any namespace. */
    ObjectMeta clusterScoped() {
        return namespace.isEmpty() ? this : withNamespace("");
    }
}
