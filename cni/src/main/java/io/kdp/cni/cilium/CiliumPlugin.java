package io.kdp.cni.cilium;

import io.kdp.cni.CniPlugin;
import io.kdp.cni.NodeNetwork;
import io.kdp.cni.PodAttachment;
import io.kdp.k8s.model.Namespace;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.policy.IpBlockScope;
import io.kdp.k8s.policy.PolicyEngine;
import io.kdp.linux.LoopbackDevice;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.VethDevice;
import io.kdp.linux.bpf.TcDirection;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Cilium as CNI and node agent, with cluster-pool IPAM on each node's pod CIDR (the runtime's
 * host-local allocation, the router IP, the CIDR's first address, being reserved for cilium_host).
 *
 * <p>CNI ADD (plugins/cilium-cni): a veth pair, host side {@code lxc} plus 12 hex digits of a
 * SHA-256 (Cilium hashes the container id; kdp the pod's {@code namespace/name}), pod side
 * {@code eth0} with the address as a /32, a scope-link route to the router IP and the default route
 * through it with the route MTU ({@code default via 10.244.0.1 dev eth0 mtu 1450} in tunnel mode).
 * The pod's ARP for the router IP is answered by the host (the address is local to it).
 *
 * <p>Once every pod is known ({@link #clusterReady}), the agents allocate identities from pod
 * labels, fill each node's ipcache (every pod, node and router address, the world prefix, the
 * CIDRs policies name), tunnel map and endpoint map, compile each endpoint's policy map from the
 * NetworkPolicies ({@link IpBlockScope#CLUSTER_EXTERNAL}), and attach the BPF programs
 * ({@link CiliumDatapath}). The service load balancer is kube-proxy replacement's, from proxy mode
 * ebpf, whose programs on the same hooks run first.
 */
public final class CiliumPlugin implements CniPlugin {
    /** Labels Cilium's default label filter leaves out of identities. */
    private static final Set<String> IGNORED_LABELS = Set.of("pod-template-hash", "controller-revision-hash", "pod-template-generation",
            "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index");

    private final CiliumConfig config;
    private final Map<String, CiliumNode> nodes = new LinkedHashMap<>();
    private final Identities identities = new Identities();
    private final Map<String, Integer> podIdentity = new LinkedHashMap<>();
    private PolicyEngine engine;

    public CiliumPlugin(CiliumConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.routingMode() == RoutingMode.TUNNEL ? "cilium-vxlan" : "cilium-native";
    }

    public CiliumConfig config() {
        return config;
    }

    /** The agent state of a node, or null. */
    public CiliumNode node(String name) {
        return nodes.get(name);
    }

    /** The cluster's identities. */
    public Identities identities() {
        return identities;
    }

    /** The security identity of a pod ({@code namespace/name}), or null before the cluster is ready. */
    public Integer identityOf(String pod) {
        return podIdentity.get(pod);
    }

    @Override
    public void setupNode(NodeNetwork node, List<NodeNetwork> cluster) {
        CiliumNode n = new CiliumNode(node, config);
        nodes.put(node.name(), n);
        for (NodeNetwork peer : cluster) {
            if (peer != node) n.routeTo(peer);
        }
    }

    @Override
    public PodAttachment addPod(NodeNetwork node, String pod, NetNamespace podNs, int address) {
        CiliumNode n = nodes.get(node.name());
        if (n == null) throw new IllegalStateException("node " + node.name() + " is not set up");
        if (address == n.routerIp()) throw new IllegalArgumentException(Ip4.format(address) + " is the router IP of " + node.name() + " (cilium_host)");
        NetNamespace host = node.ns();
        String hostName = lxcName(pod);
        VethDevice hostSide = VethDevice.pair(host, hostName, host.randomMac(hostName), podNs, "eth0", podNs.randomMac("eth0"), config.deviceMtu());
        VethDevice podSide = hostSide.peer();
        Cidr addr = new Cidr(address, 32);
        podNs.addAddress(podSide, addr);
        podNs.setUp(podSide);
        String router = Ip4.format(n.routerIp());
        podNs.route("add " + router + " dev eth0 scope link");
        podNs.route("add default via " + router + " dev eth0 mtu " + config.routeMtu());
        host.sysctls().set("net.ipv4.conf." + hostName + ".rp_filter", "0");
        host.setUp(hostSide);
        n.addEndpoint(new CiliumNode.Endpoint(pod, n.endpointId(pod), hostName, address));
        return new PodAttachment(pod, podNs, podSide, addr, hostSide);
    }

    @Override
    public void clusterReady(List<NodeNetwork> networks, List<Pod> pods, List<NetworkPolicy> policies, List<Namespace> namespaces) {
        engine = new PolicyEngine(policies, pods, namespaces, IpBlockScope.CLUSTER_EXTERNAL);
        Map<String, Pod> byKey = new HashMap<>();
        for (Pod p : pods) {
            byKey.put(p.key(), p);
            if (p.spec().hostNetwork() || p.status().podIP().isEmpty()) continue;
            podIdentity.put(p.key(), identities.allocate(labels(p)));
        }
        PolicyCompiler compiler = new PolicyCompiler(engine, identities, podIdentity, pods);
        for (CiliumNode n : nodes.values()) {
            fillIpcache(n, pods, compiler.cidrIdentities());
            Map<String, EndpointInfo> byDevice = new HashMap<>();
            NetNamespace ns = n.network().ns();
            for (CiliumNode.Endpoint e : n.endpoints().values()) {
                NetDevice dev = ns.device(e.device());
                VethDevice v = (VethDevice) dev;
                int id = podIdentity.getOrDefault(e.pod(), Identities.UNKNOWN);
                EndpointInfo info = new EndpointInfo(dev.ifindex(), e.id(), v.peer().mac(), dev.mac(), id, e.device(), e.pod());
                n.lxc().update(e.address(), info);
                byDevice.put(e.device(), info);
                Pod pod = byKey.get(e.pod());
                n.policy(pod == null ? new PolicyMap(e.id()) : compiler.compile(e.id(), pod));
            }
            attach(n, new CiliumDatapath(n, engine, byDevice), byDevice.keySet());
        }
    }

    private void fillIpcache(CiliumNode n, List<Pod> pods, Map<Cidr, Integer> cidrs) {
        Ipcache ipc = n.ipcache();
        boolean tunnel = config.routingMode() == RoutingMode.TUNNEL;
        ipc.upsert(new IpcacheKey(0, 0), new RemoteEndpointInfo(Identities.WORLD, 0, 0));
        cidrs.forEach((c, id) -> ipc.upsert(IpcacheKey.of(c), new RemoteEndpointInfo(id, 0, 0)));
        for (CiliumNode other : nodes.values()) {
            boolean self = other == n;
            int nodeIp = other.network().nodeIp().address();
            int id = self ? Identities.HOST : Identities.REMOTE_NODE;
            ipc.upsert(IpcacheKey.host(nodeIp), new RemoteEndpointInfo(id, 0, 0));
            ipc.upsert(IpcacheKey.host(other.routerIp()), new RemoteEndpointInfo(id, self || !tunnel ? 0 : nodeIp, 0));
        }
        for (Pod p : pods) {
            Integer id = podIdentity.get(p.key());
            if (id == null) continue;
            CiliumNode home = nodes.get(p.spec().nodeName());
            int tunnelEp = tunnel && home != null && home != n ? home.network().nodeIp().address() : 0;
            ipc.upsert(IpcacheKey.host(Ip4.parse(p.status().podIP())), new RemoteEndpointInfo(id, tunnelEp, 0));
        }
    }

    /** Attaches the programs: lxc* ingress, cilium_vxlan ingress, the uplink's ingress, cilium_host egress. */
    private static void attach(CiliumNode n, CiliumDatapath dp, Set<String> lxcDevices) {
        NetNamespace ns = n.network().ns();
        for (NetDevice d : ns.devices()) {
            if (d instanceof LoopbackDevice) continue;
            if (lxcDevices.contains(d.name())) ns.clsact().attach(d, TcDirection.INGRESS, dp.fromContainer());
        }
        if (n.vxlan() != null) ns.clsact().attach(n.vxlan(), TcDirection.INGRESS, dp.fromOverlay());
        ns.clsact().attach(n.network().uplink(), TcDirection.INGRESS, dp.fromNetdev());
        ns.clsact().attach(n.ciliumHost(), TcDirection.EGRESS, dp.fromHost());
    }

    /** The identity labels of a pod: its labels, its namespace's (prefixed), service account and cluster, all with source k8s. */
    SortedSet<String> labels(Pod p) {
        SortedSet<String> out = new TreeSet<>();
        p.metadata().labels().forEach((k, v) -> {
            if (!IGNORED_LABELS.contains(k)) out.add("k8s:" + k + "=" + v);
        });
        String ns = p.metadata().namespace();
        engine.namespaceLabels().of(ns).forEach((k, v) -> out.add("k8s:io.cilium.k8s.namespace.labels." + k + "=" + v));
        out.add("k8s:io.cilium.k8s.policy.cluster=default");
        out.add("k8s:io.cilium.k8s.policy.serviceaccount=default");
        out.add("k8s:io.kubernetes.pod.namespace=" + ns);
        return out;
    }

    /** {@code lxc} plus the first 12 hex digits of SHA-256 (the CNI plugin's Endpoint2IfName, 15 characters). */
    public static String lxcName(String pod) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(pod.getBytes(StandardCharsets.UTF_8));
            return "lxc" + HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
