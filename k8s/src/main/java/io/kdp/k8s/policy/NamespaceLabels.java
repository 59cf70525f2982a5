package io.kdp.k8s.policy;

import io.kdp.k8s.model.Namespace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels namespaceSelectors see. A namespace that pods use but that has no Namespace object among the inputs
 * still gets {@code kubernetes.io/metadata.name=<name>}: the API server sets that immutable label on every
 * namespace (NamespaceDefaultLabelName, GA in v1.22), so it exists in any real cluster.
 */
public final class NamespaceLabels {
    private final Map<String, Map<String, String>> byName = new HashMap<>();

    public NamespaceLabels(List<Namespace> namespaces) {
        for (Namespace n : namespaces) byName.put(n.metadata().name(), n.metadata().labels());
    }

    /** The labels of namespace {@code name}. */
    public Map<String, String> of(String name) {
        Map<String, String> l = byName.get(name);
        return l != null ? l : Map.of(Namespace.NAME_LABEL, name);
    }
}
