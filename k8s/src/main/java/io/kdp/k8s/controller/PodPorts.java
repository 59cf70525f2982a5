package io.kdp.k8s.controller;

import io.kdp.k8s.model.ContainerPort;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.ServicePort;
import java.util.OptionalInt;

/** podutil.FindPort: resolves a service port's targetPort against one pod. */
public final class PodPorts {
    private PodPorts() {}

    /**
     * A numeric targetPort is used as is; a named one is the containerPort of the first container port (in
     * container order) with that name and the service port's protocol; empty when the pod has no such port.
     */
    public static OptionalInt findPort(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.targetPort();
        if (target.isInt()) return OptionalInt.of(target.intVal());
        for (ContainerPort p : pod.spec().allPorts()) {
            if (p.name().equals(target.strVal()) && p.protocol() == servicePort.protocol()) return OptionalInt.of(p.containerPort());
        }
        return OptionalInt.empty();
    }
}
