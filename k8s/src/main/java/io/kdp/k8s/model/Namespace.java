package io.kdp.k8s.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * core/v1 Namespace. Like the API server (since v1.21), the constructor sets the immutable label
 * {@code kubernetes.io/metadata.name=<name>}, so namespaceSelectors can select a namespace by name.
 */
public record Namespace(ObjectMeta metadata) implements KubeObject {
    /** Label the API server puts on every namespace. */
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    public Namespace {
        metadata = metadata.clusterScoped();
        if (!metadata.name().equals(metadata.labels().get(NAME_LABEL))) {
            Map<String, String> l = new LinkedHashMap<>(metadata.labels());
            l.put(NAME_LABEL, metadata.name());
            metadata = metadata.withLabels(l);
        }
    }

    public static Namespace of(String name) {
        return new Namespace(ObjectMeta.of("", name));
    }

    @Override
    public String kind() {
        return "Namespace";
    }

    @Override
    public String apiVersion() {
        return "v1";
    }
}
