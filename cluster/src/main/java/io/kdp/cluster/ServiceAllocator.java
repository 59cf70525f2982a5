package io.kdp.cluster;

import io.kdp.cluster.scenario.Scenario;
import io.kdp.cluster.scenario.ScenarioErrors;
import io.kdp.cluster.scenario.ScenarioException;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.k8s.model.ServiceType;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What kube-apiserver's allocators would fill in: ClusterIPs from the service CIDR and NodePorts from
 * 30000-32767. The real allocators pick at random; kdp picks in order (ClusterIPs from the tenth
 * address, as the first is reserved for {@code default/kubernetes}) so runs are reproducible, and
 * says what it picked.
 */
final class ServiceAllocator {
    static final int NODE_PORT_MIN = 30000, NODE_PORT_MAX = 32767;

    private ServiceAllocator() {}

    static List<Service> allocate(Scenario scenario, List<String> notes) throws ScenarioException {
        Cidr range = scenario.spec().serviceCIDR();
        Set<Integer> usedIps = new HashSet<>();
        Set<Integer> usedPorts = new HashSet<>();
        List<Service> given = scenario.manifests().services();
        for (Service s : given) {
            String ip = s.spec().clusterIP();
            if (!ip.isEmpty() && !ip.equals("None")) {
                int a = Ip4.parse(ip);
                if (!range.contains(a)) throw ScenarioErrors.objectError(scenario, s, "spec.clusterIP", ip + " is not in the service CIDR " + range);
                if (!usedIps.add(a)) throw ScenarioErrors.objectError(scenario, s, "spec.clusterIP", "provided IP is already allocated");
            }
            for (ServicePort p : s.spec().ports()) {
                if (p.nodePort() == 0) continue;
                if (p.nodePort() < NODE_PORT_MIN || p.nodePort() > NODE_PORT_MAX) {
                    throw ScenarioErrors.objectError(scenario, s, "spec.ports[].nodePort", "provided port " + p.nodePort() + " is not in the valid range " + NODE_PORT_MIN + "-" + NODE_PORT_MAX);
                }
                if (!usedPorts.add(p.nodePort())) throw ScenarioErrors.objectError(scenario, s, "spec.ports[].nodePort", "provided port " + p.nodePort() + " is already allocated");
            }
        }
        long next = 10;
        int nextPort = NODE_PORT_MIN;
        List<Service> out = new ArrayList<>();
        for (Service s : given) {
            if (s.spec().type() == ServiceType.EXTERNAL_NAME) {
                out.add(s);
                continue;
            }
            if (s.spec().clusterIP().isEmpty()) {
                while (usedIps.contains(range.nth(next))) next++;
                int a = range.nth(next++);
                usedIps.add(a);
                s = s.withSpec(s.spec().withClusterIP(Ip4.format(a)));
                notes.add("service " + s.key() + " has no spec.clusterIP; allocated " + Ip4.format(a));
            }
            if (s.spec().type() == ServiceType.NODE_PORT || s.spec().type() == ServiceType.LOAD_BALANCER) {
                List<ServicePort> ports = new ArrayList<>();
                for (ServicePort p : s.spec().ports()) {
                    if (p.nodePort() == 0) {
                        while (usedPorts.contains(nextPort)) nextPort++;
                        usedPorts.add(nextPort);
                        notes.add("service " + s.key() + " port " + (p.name().isEmpty() ? p.port() : p.name()) + " has no nodePort; allocated " + nextPort);
                        p = p.withNodePort(nextPort++);
                    }
                    ports.add(p);
                }
                s = s.withSpec(s.spec().withPorts(ports));
            }
            out.add(s);
        }
        return out;
    }
}
