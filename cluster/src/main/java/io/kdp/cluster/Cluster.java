package io.kdp.cluster;

import io.kdp.cluster.scenario.Scenario;
import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.Node;
import io.kdp.k8s.model.Service;
import io.kdp.linux.Backlog;
import io.kdp.linux.NetNamespace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An emulated cluster: every host (node, pod, the underlay switch, an external client) as a network
 * namespace sharing one backlog and virtual clock, plus the Kubernetes objects as the API server
 * would hold them after allocation and endpoint derivation. Built by {@link ClusterBuilder}.
 */
public final class Cluster {
    private final Scenario scenario;
    private final Backlog backlog;
    private final NetNamespace underlay;
    private final Map<String, NodeHost> nodes;
    private final Map<String, PodHost> pods;
    private final NetNamespace external;
    private final List<Service> services;
    private final List<EndpointSlice> endpointSlices;
    private final List<Node> k8sNodes;
    private final List<String> notes;
    private final Map<String, io.kdp.kubeproxy.Proxier> proxiers = new java.util.LinkedHashMap<>();
    private io.kdp.cni.CniPlugin cni;

    Cluster(Scenario scenario, Backlog backlog, NetNamespace underlay, Map<String, NodeHost> nodes, Map<String, PodHost> pods, NetNamespace external,
            List<Service> services, List<EndpointSlice> endpointSlices, List<Node> k8sNodes, List<String> notes) {
        this.scenario = scenario;
        this.backlog = backlog;
        this.underlay = underlay;
        this.nodes = Collections.unmodifiableMap(nodes);
        this.pods = Collections.unmodifiableMap(pods);
        this.external = external;
        this.services = List.copyOf(services);
        this.endpointSlices = List.copyOf(endpointSlices);
        this.k8sNodes = List.copyOf(k8sNodes);
        this.notes = notes;
    }

    public Scenario scenario() { return scenario; }
    public Backlog backlog() { return backlog; }
    public NetNamespace underlay() { return underlay; }
    /** Nodes by name, in scenario order. */
    public Map<String, NodeHost> nodes() { return nodes; }
    /** Pods by {@code namespace/name}, in manifest order. */
    public Map<String, PodHost> pods() { return pods; }
    /** The external client, or null when the scenario has none. */
    public NetNamespace external() { return external; }
    /** Services with their allocated ClusterIPs and NodePorts. */
    public List<Service> services() { return services; }
    /** EndpointSlices as given or as the endpointslice controller derived them. */
    public List<EndpointSlice> endpointSlices() { return endpointSlices; }
    /** Node objects as the API has them. */
    public List<Node> k8sNodes() { return k8sNodes; }
    /** What kdp assumed while building. */
    public List<String> notes() { return Collections.unmodifiableList(notes); }

    /** Each node's kube-proxy, by node name. */
    public Map<String, io.kdp.kubeproxy.Proxier> proxiers() { return proxiers; }

    /** The CNI plugin that wired the pods (its node agents' state, such as Calico's BGP network). */
    public io.kdp.cni.CniPlugin cni() { return cni; }

    void cni(io.kdp.cni.CniPlugin plugin) {
        this.cni = plugin;
    }

    void note(String n) {
        notes.add(n);
    }

    /** Every host, nodes first, then pods, the external client and the underlay. */
    public List<NetNamespace> hosts() {
        List<NetNamespace> out = new ArrayList<>();
        nodes.values().forEach(n -> out.add(n.ns()));
        pods.values().stream().map(PodHost::ns).filter(ns -> !out.contains(ns)).forEach(out::add);
        if (external != null) out.add(external);
        out.add(underlay);
        return out;
    }

    /** A host by name: a node, a pod ({@code ns/name}, or {@code name} in namespace default), {@code external} or {@code underlay}. */
    public NetNamespace host(String name) {
        if (nodes.containsKey(name)) return nodes.get(name).ns();
        PodHost p = pod(name);
        if (p != null) return p.ns();
        if (external != null && external.name().equals(name)) return external;
        if (UNDERLAY_NAME.equals(name)) return underlay;
        return null;
    }

    /** A pod by {@code ns/name}, or by {@code name} if exactly one pod has it. */
    public PodHost pod(String name) {
        if (pods.containsKey(name)) return pods.get(name);
        if (!name.contains("/")) {
            PodHost inDefault = pods.get("default/" + name);
            if (inDefault != null) return inDefault;
            List<PodHost> byName = pods.values().stream().filter(p -> p.pod().metadata().name().equals(name)).toList();
            if (byName.size() == 1) return byName.get(0);
        }
        return null;
    }

    /** A service by {@code ns/name}. */
    public Service service(String key) {
        return services.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
    }

    private static final String UNDERLAY_NAME = ClusterBuilder.UNDERLAY;
}
