package io.kdp.k8s.model;

import java.util.List;

/** core/v1 Container: name and ports (image, env, probes, ... are accepted in manifests but not modelled). */
public record Container(String name, List<ContainerPort> ports) {
    public Container {
        name = Norm.str(name);
        ports = Norm.list(ports);
    }
}
