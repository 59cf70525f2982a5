package io.kdp.cluster.scenario;

import io.kdp.k8s.model.KubeObject;
import io.kdp.k8s.yaml.Manifests;

/** Errors about a Kubernetes object of a scenario, placed at the line where the object was defined. */
public final class ScenarioErrors {
    private ScenarioErrors() {}

    public static ScenarioException objectError(Scenario s, KubeObject o, String field, String message) {
        return objectError(s.manifests(), o, s.source(), field, message);
    }

    static ScenarioException objectError(Manifests m, KubeObject o, String source, String field, String message) {
        String origin = m.origin(o);
        String file = source;
        int line = 0;
        if (origin != null) {
            int c = origin.lastIndexOf(':');
            file = origin.substring(0, c);
            line = Integer.parseInt(origin.substring(c + 1));
        }
        return new ScenarioException(file, line, o.kind() + " " + o.key() + " " + field, message);
    }
}
