package io.kdp.cluster.scenario;

import io.kdp.k8s.yaml.Manifests;
import java.util.List;

/**
 * A scenario file, read and validated: the cluster section and the Kubernetes objects.
 *
 * @param source the file it came from (as given, for messages)
 * @param spec the {@code kdp:} section
 * @param manifests the Kubernetes objects, in document order
 * @param notes what kdp assumed or ignored while reading, to show the user
 */
public record Scenario(String source, ClusterSpec spec, Manifests manifests, List<String> notes) {
    public Scenario {
        notes = List.copyOf(notes);
    }
}
