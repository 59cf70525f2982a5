package io.kdp.k8s.model;

/** core/v1 Service (namespaced). */
public record Service(ObjectMeta metadata, ServiceSpec spec, ServiceStatus status) implements KubeObject {
    public Service {
        metadata = metadata.namespaced();
        if (spec == null) spec = ServiceSpec.clusterIP("", null, null);
        if (status == null) status = ServiceStatus.EMPTY;
    }

    public Service withSpec(ServiceSpec s) {
        return new Service(metadata, s, status);
    }

    public Service withStatus(ServiceStatus s) {
        return new Service(metadata, spec, s);
    }

    @Override
    public String kind() {
        return "Service";
    }

    @Override
    public String apiVersion() {
        return "v1";
    }
}
