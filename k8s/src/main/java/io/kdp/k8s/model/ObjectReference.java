package io.kdp.k8s.model;

/** core/v1 ObjectReference as used by {@code Endpoint.targetRef} (kind, namespace, name, uid). */
public record ObjectReference(String kind, String namespace, String name, String uid) {
    public ObjectReference {
        kind = Norm.str(kind);
        namespace = Norm.str(namespace);
        name = Norm.str(name);
        uid = Norm.str(uid);
    }
}
