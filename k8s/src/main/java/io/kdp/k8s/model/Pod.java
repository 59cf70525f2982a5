package io.kdp.k8s.model;

/** core/v1 Pod (namespaced). */
public record Pod(ObjectMeta metadata, PodSpec spec, PodStatus status) implements KubeObject {
    public Pod {
        metadata = metadata.namespaced();
        if (spec == null) spec = new PodSpec("", false, java.util.List.of());
        if (status == null) status = PodStatus.EMPTY;
    }

    /** Pod Ready condition is True. */
    public boolean isReady() {
        return status.ready();
    }

    /** {@code metadata.deletionTimestamp} is set. */
    public boolean isTerminating() {
        return metadata.isTerminating();
    }

    public Pod withStatus(PodStatus s) {
        return new Pod(metadata, spec, s);
    }

    public Pod withSpec(PodSpec s) {
        return new Pod(metadata, s, status);
    }

    public Pod withMetadata(ObjectMeta m) {
        return new Pod(m, spec, status);
    }

    @Override
    public String kind() {
        return "Pod";
    }

    @Override
    public String apiVersion() {
        return "v1";
    }
}
