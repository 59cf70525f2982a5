package io.kdp.k8s.model;

import java.util.ArrayList;
import java.util.List;

/**
 * core/v1 PodSpec, the fields kdp uses. As SetDefaults_Pod does, a {@code hostNetwork} pod's container ports
 * get {@code hostPort = containerPort} when no hostPort is given.
 */
public record PodSpec(String nodeName, boolean hostNetwork, List<Container> containers) {
    public PodSpec {
        nodeName = Norm.str(nodeName);
        containers = Norm.list(containers);
        if (hostNetwork) containers = defaultHostNetworkPorts(containers);
    }

    private static List<Container> defaultHostNetworkPorts(List<Container> containers) {
        boolean change = containers.stream().flatMap(c -> c.ports().stream()).anyMatch(p -> p.hostPort() == 0);
        if (!change) return containers;
        List<Container> out = new ArrayList<>(containers.size());
        for (Container c : containers) {
            out.add(new Container(c.name(), c.ports().stream()
                    .map(p -> p.hostPort() == 0 ? p.withHostPort(p.containerPort()) : p).toList()));
        }
        return List.copyOf(out);
    }

    /** Every container port in container order, as the endpoint controller searches them. */
    public List<ContainerPort> allPorts() {
        return containers.stream().flatMap(c -> c.ports().stream()).toList();
    }

    public PodSpec withNodeName(String n) {
        return new PodSpec(n, hostNetwork, containers);
    }
}
