package io.kdp.cluster;

import io.kdp.k8s.model.ContainerPort;
import io.kdp.k8s.model.LabelSelector;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.packet.IpProtocol;

/**
 * Starts the applications: every pod listens on its declared container ports, and on each numeric
 * targetPort of a Service that selects it (manifests often leave containerPort out while the
 * application listens all the same).
 */
final class AppSockets {
    private AppSockets() {}

    static void bind(Cluster cluster) {
        for (PodHost p : cluster.pods().values()) {
            String owner = p.pod().spec().containers().isEmpty() ? p.pod().metadata().name() : p.pod().spec().containers().get(0).name();
            for (var c : p.pod().spec().containers()) {
                for (ContainerPort cp : c.ports()) listen(p, proto(cp.protocol()), cp.containerPort(), c.name());
            }
            for (Service s : cluster.services()) {
                if (s.spec().selector().isEmpty() || !s.metadata().namespace().equals(p.pod().metadata().namespace())) continue;
                if (!LabelSelector.matchesMap(s.spec().selector(), p.pod().metadata().labels())) continue;
                for (ServicePort sp : s.spec().ports()) {
                    if (sp.targetPort().isInt()) listen(p, proto(sp.protocol()), sp.targetPort().intVal(), owner);
                }
            }
        }
    }

    private static void listen(PodHost p, int proto, int port, String owner) {
        if (p.ns().sockets().lookup(proto, 0, port) != null) return;
        p.ns().sockets().bind(proto, 0, port, p.key() + " " + owner);
    }

    static int proto(Protocol p) {
        return switch (p) {
            case TCP -> IpProtocol.TCP;
            case UDP -> IpProtocol.UDP;
            case SCTP -> IpProtocol.SCTP;
        };
    }
}
