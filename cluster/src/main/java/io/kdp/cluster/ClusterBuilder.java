package io.kdp.cluster;

import io.kdp.cluster.scenario.ClusterSpec;
import io.kdp.cluster.scenario.Scenario;
import io.kdp.cluster.scenario.ScenarioException;
import io.kdp.cni.CniPlugin;
import io.kdp.cni.HostLocalIpam;
import io.kdp.cni.NodeNetwork;
import io.kdp.cni.PodAttachment;
import io.kdp.cni.routed.RoutedPlugin;
import io.kdp.k8s.controller.EndpointSliceController;
import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.Node;
import io.kdp.k8s.model.NodeAddress;
import io.kdp.k8s.model.NodeSpec;
import io.kdp.k8s.model.NodeStatus;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PodStatus;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.k8s.model.ServiceType;
import io.kdp.linux.Backlog;
import io.kdp.linux.BridgeDevice;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.VethDevice;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Cluster} from a {@link Scenario}: the underlay segment, one network namespace per
 * node with its uplink, the CNI's node setup, one namespace per pod attached by the CNI, ClusterIPs
 * and NodePorts allocated where the manifests leave them out, EndpointSlices derived where the
 * manifests have none, and kube-proxy's rules on every node.
 */
public final class ClusterBuilder {
    /** Name of the namespace that models the switch joining the nodes. */
    public static final String UNDERLAY = "underlay";
    /** Virtual time at which a cluster starts (nonzero so capture timestamps look like real ones: 2026-01-01). */
    public static final long EPOCH_NANOS = 1_767_225_600_000_000_000L;

    private ClusterBuilder() {}

    /**
     * Builds the cluster with kube-proxy in {@code proxyModeOverride} instead of the scenario's mode (null keeps it).
     *
     * @throws IllegalArgumentException when the mode is not supported (the message names the supported ones)
     */
    public static Cluster build(Scenario scenario, long seed, String proxyModeOverride) throws ScenarioException {
        if (proxyModeOverride == null || proxyModeOverride.equals(scenario.spec().proxyMode())) return build(scenario, seed);
        Scenario s = new Scenario(scenario.source(), scenario.spec().withProxyMode(proxyModeOverride), scenario.manifests(), scenario.notes());
        return build(s, seed);
    }

    /** Builds the cluster; {@code seed} seeds every random choice the kernel makes. */
    public static Cluster build(Scenario scenario, long seed) throws ScenarioException {
        ClusterSpec spec = scenario.spec();
        List<String> notes = new ArrayList<>(scenario.notes());
        Backlog backlog = new Backlog(new Clock(EPOCH_NANOS));
        NetNamespace underlay = new NetNamespace(UNDERLAY, backlog, seed);
        BridgeDevice sw = new BridgeDevice(underlay, "br0", underlay.randomMac("br0"));
        underlay.setUp(sw);
        // The underlay also routes (a LAN's default gateway): the first address of the nodes' subnet
        // that no node uses. Nodes need a default route, as real ones have, and proxy ARP answers
        // only for addresses the host can route (arp_process).
        Cidr lan = spec.nodes().get(0).ip();
        int gateway = gatewayAddress(spec, lan);
        underlay.addAddress(sw, new Cidr(gateway, lan.prefixLength()));
        // Nodes on other subnets (Calico CrossSubnet): the underlay is their router too, with an
        // address in each subnet on the same segment, and forwards between them.
        Map<Cidr, Integer> gateways = new LinkedHashMap<>();
        gateways.put(lan.toNetwork(), gateway);
        for (ClusterSpec.NodeSpec n : spec.nodes()) {
            Cidr subnet = n.ip().toNetwork();
            if (gateways.containsKey(subnet)) continue;
            int gw = gatewayAddress(spec, n.ip());
            gateways.put(subnet, gw);
            underlay.addAddress(sw, new Cidr(gw, subnet.prefixLength()));
            underlay.sysctls().set("net.ipv4.ip_forward", "1");
        }

        CniPlugin cni = cni(spec.cni(), spec);
        if (cni instanceof io.kdp.cni.flannel.FlannelPlugin) notes.addAll(io.kdp.cni.flannel.FlannelPlugin.unenforcedPolicies(scenario.manifests().networkPolicies()));
        Map<String, NodeHost> nodes = new LinkedHashMap<>();
        List<NodeNetwork> networks = new ArrayList<>();
        int port = 0;
        for (ClusterSpec.NodeSpec n : spec.nodes()) {
            NetNamespace ns = new NetNamespace(n.name(), backlog, seed);
            port++;
            VethDevice eth0 = VethDevice.pair(ns, "eth0", ns.randomMac("eth0"), underlay, "port" + port, underlay.randomMac("port" + port), 1500);
            sw.addPort(eth0.peer());
            underlay.setUp(eth0.peer());
            ns.addAddress(eth0, n.ip());
            ns.setUp(eth0);
            ns.route("add default via " + Ip4.format(gateways.get(n.ip().toNetwork())) + " dev eth0");
            spec.sysctls().forEach(ns.sysctls()::set);
            NodeNetwork net = new NodeNetwork(n.name(), ns, eth0, n.ip(), n.podCIDR());
            networks.add(net);
            nodes.put(n.name(), new NodeHost(n.name(), ns, net));
        }
        for (NodeNetwork net : networks) cni.setupNode(net, networks);

        NetNamespace external = null;
        if (spec.external() != null) {
            external = new NetNamespace(spec.external().name(), backlog, seed);
            port++;
            VethDevice eth0 = VethDevice.pair(external, "eth0", external.randomMac("eth0"), underlay, "port" + port, underlay.randomMac("port" + port), 1500);
            sw.addPort(eth0.peer());
            underlay.setUp(eth0.peer());
            external.addAddress(eth0, spec.external().ip());
            external.setUp(eth0);
            external.route("add default via " + Ip4.format(gateway) + " dev eth0");
        }

        Map<String, PodHost> pods = placePods(scenario, nodes, cni, backlog, seed, notes);
        List<Service> services = ServiceAllocator.allocate(scenario, notes);
        List<Node> k8sNodes = k8sNodes(spec);
        List<EndpointSlice> slices = endpointSlices(scenario, services, pods, k8sNodes, notes);
        Cluster cluster = new Cluster(scenario, backlog, underlay, nodes, pods, external, services, slices, k8sNodes, notes);
        ProxyInstaller.install(cluster);
        // After kube-proxy, so that agents inserting at the top of built-in chains (Felix) end up first, as on a running node.
        cni.clusterReady(networks, pods.values().stream().map(PodHost::pod).toList(), scenario.manifests().networkPolicies(),
                scenario.manifests().namespaces());
        cluster.cni(cni);
        AppSockets.bind(cluster);
        return cluster;
    }

    /** The first address of the LAN that neither a node nor the external client has. */
    static int gatewayAddress(ClusterSpec spec, Cidr lan) {
        for (long i = 1; i < lan.size() - 1; i++) {
            int a = lan.nth(i);
            boolean used = spec.nodes().stream().anyMatch(n -> n.ip().address() == a)
                    || (spec.external() != null && spec.external().ip().address() == a);
            if (!used) return a;
        }
        throw new IllegalArgumentException("no free address for the gateway in " + lan.toNetwork());
    }

    private static CniPlugin cni(String name, ClusterSpec spec) {
        return switch (name) {
            case "routed" -> new RoutedPlugin();
            case "flannel-vxlan" -> new io.kdp.cni.flannel.FlannelPlugin(io.kdp.cni.flannel.FlannelBackend.VXLAN, spec.clusterCIDR());
            case "flannel-host-gw" -> new io.kdp.cni.flannel.FlannelPlugin(io.kdp.cni.flannel.FlannelBackend.HOST_GW, spec.clusterCIDR());
            case "flannel-udp" -> new io.kdp.cni.flannel.FlannelPlugin(io.kdp.cni.flannel.FlannelBackend.UDP, spec.clusterCIDR());
            case "calico" -> new io.kdp.cni.calico.CalicoPlugin(spec.calico() != null ? spec.calico() : io.kdp.cni.calico.CalicoConfig.defaults(spec.clusterCIDR()));
            case "cilium-vxlan", "cilium-native" -> {
                if (!spec.proxyMode().equals("ebpf")) {
                    throw new IllegalArgumentException("CNI " + name + " replaces kube-proxy: proxy mode must be ebpf, not " + spec.proxyMode());
                }
                yield new io.kdp.cni.cilium.CiliumPlugin(io.kdp.cni.cilium.CiliumConfig.of(name.equals("cilium-vxlan")
                        ? io.kdp.cni.cilium.RoutingMode.TUNNEL : io.kdp.cni.cilium.RoutingMode.NATIVE, spec.clusterCIDR()));
            }
            default -> throw new IllegalArgumentException("CNI " + name + " is not supported");
        };
    }

    /** Node objects as the API would have them (from the kdp section, which is authoritative for addresses). */
    private static List<Node> k8sNodes(ClusterSpec spec) {
        List<Node> out = new ArrayList<>();
        for (ClusterSpec.NodeSpec n : spec.nodes()) {
            out.add(new Node(ObjectMeta.of("", n.name(), Map.of("kubernetes.io/hostname", n.name())),
                    new NodeSpec(n.podCIDR().toString(), List.of(n.podCIDR().toString()), false),
                    new NodeStatus(List.of(new NodeAddress(NodeAddress.INTERNAL_IP, Ip4.format(n.ip().address())),
                            new NodeAddress(NodeAddress.HOSTNAME, n.name())))));
        }
        return out;
    }

    private static Map<String, PodHost> placePods(Scenario scenario, Map<String, NodeHost> nodes, CniPlugin cni, Backlog backlog, long seed,
                                                  List<String> notes) throws ScenarioException {
        Map<String, HostLocalIpam> ipam = new LinkedHashMap<>();
        for (NodeHost n : nodes.values()) ipam.put(n.name(), new HostLocalIpam(n.network().podCidr()));
        List<String> nodeNames = new ArrayList<>(nodes.keySet());
        // First reserve every address the manifests give, so allocation never hands them out twice.
        List<Pod> placed = new ArrayList<>();
        int rr = 0;
        for (Pod pod : scenario.manifests().pods()) {
            String node = pod.spec().nodeName();
            if (node.isEmpty()) {
                node = nodeNames.get(rr++ % nodeNames.size());
                notes.add("pod " + pod.key() + " has no spec.nodeName; placed on " + node + " (round robin, as no scheduler runs)");
                pod = pod.withSpec(new io.kdp.k8s.model.PodSpec(node, pod.spec().hostNetwork(), pod.spec().containers()));
            }
            String ip = pod.status().podIP();
            if (!pod.spec().hostNetwork() && !ip.isEmpty()) {
                try {
                    if (cni.assignAddress(nodes.get(node).network(), pod.key(), Ip4.parse(ip)).isEmpty()) ipam.get(node).reserve(Ip4.parse(ip));
                } catch (IllegalArgumentException e) {
                    throw io.kdp.cluster.scenario.ScenarioErrors.objectError(scenario, pod, "status.podIP", e.getMessage() + " (node " + node + " owns " + ipam.get(node).range() + ")");
                }
            }
            placed.add(pod);
        }
        Map<String, PodHost> pods = new LinkedHashMap<>();
        for (Pod pod : placed) {
            NodeHost node = nodes.get(pod.spec().nodeName());
            if (pod.spec().hostNetwork()) {
                int ip = node.network().nodeIp().address();
                pods.put(pod.key(), new PodHost(withIp(pod, Ip4.format(ip), node), node.name(), node.ns(), ip));
                continue;
            }
            int ip;
            if (!pod.status().podIP().isEmpty()) {
                ip = Ip4.parse(pod.status().podIP());
            } else {
                java.util.OptionalInt own;
                try {
                    own = cni.assignAddress(node.network(), pod.key(), 0);
                } catch (IllegalArgumentException e) {
                    throw io.kdp.cluster.scenario.ScenarioErrors.objectError(scenario, pod, "status.podIP", e.getMessage());
                }
                ip = own.isPresent() ? own.getAsInt() : ipam.get(node.name()).allocate();
            }
            NetNamespace podNs = new NetNamespace(pod.key(), backlog, seed);
            PodAttachment att = cni.addPod(node.network(), pod.key(), podNs, ip);
            pods.put(pod.key(), new PodHost(withIp(pod, Ip4.format(att.address().address()), node), node.name(), podNs, ip));
        }
        return pods;
    }

    /** The status the kubelet would report: Running, Ready (unless the manifest says otherwise), with the IPs. */
    private static Pod withIp(Pod pod, String ip, NodeHost node) {
        PodStatus s = pod.status();
        String hostIp = Ip4.format(node.network().nodeIp().address());
        if (s.phase() == null && s.conditions().isEmpty()) return pod.withStatus(PodStatus.running(ip, hostIp, true));
        return pod.withStatus(new PodStatus(s.phase(), ip, List.of(ip), hostIp, s.conditions()));
    }

    private static List<EndpointSlice> endpointSlices(Scenario scenario, List<Service> services, Map<String, PodHost> pods, List<Node> nodes,
                                                      List<String> notes) {
        List<EndpointSlice> given = scenario.manifests().endpointSlices();
        Set<String> covered = new HashSet<>();
        for (EndpointSlice s : given) {
            String svc = s.metadata().labels().get("kubernetes.io/service-name");
            if (svc != null) covered.add(s.metadata().namespace() + "/" + svc);
        }
        List<Service> derive = services.stream().filter(s -> !covered.contains(s.key())).toList();
        List<EndpointSlice> out = new ArrayList<>(given);
        out.addAll(new EndpointSliceController().reconcile(derive, pods.values().stream().map(PodHost::pod).toList(), nodes));
        return out;
    }

    static boolean hasNodePorts(Service s) {
        return s.spec().type() == ServiceType.NODE_PORT || s.spec().type() == ServiceType.LOAD_BALANCER;
    }

    static List<ServicePort> ports(Service s) {
        return s.spec().ports();
    }

}
