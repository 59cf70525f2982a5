package io.kdp.cni.calico;

import io.kdp.cni.CniPlugin;
import io.kdp.cni.NodeNetwork;
import io.kdp.cni.PodAttachment;
import io.kdp.cni.bgp.BgpNetwork;
import io.kdp.cni.calico.felix.Felix;
import io.kdp.cni.calico.felix.PolicyCompiler;
import io.kdp.cni.calico.felix.WorkloadEndpoint;
import io.kdp.cni.calico.ipam.CalicoIpam;
import io.kdp.cni.calico.ipam.EncapMode;
import io.kdp.cni.calico.ipam.IpamException;
import io.kdp.k8s.model.Namespace;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PolicyType;
import io.kdp.k8s.policy.PolicyEngine;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.VethDevice;
import io.kdp.linux.tunnel.IpipTunnelDevice;
import io.kdp.linux.tunnel.VxlanDevice;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calico: its IPAM, its CNI plugin and its node agents (calico-node's BIRD and Felix).
 * <ul>
 *   <li>IPAM ({@link CalicoIpam}): pods get addresses from blocks affine to their node, borrowing
 *       from other nodes' blocks when none is free; Node.spec.podCIDR is ignored, as Calico does;</li>
 *   <li>node setup: {@code tunl0} (ipipMode Always / CrossSubnet) or {@code vxlan.calico} (VNI 4096,
 *       port 4789, MTU 1450) with the tunnel address, the first address of the node's first block;</li>
 *   <li>CNI ADD (cni-plugin k8s.go): a veth {@code cali<11 hex of sha1(ns.pod)>} whose host side has
 *       MAC ee:ee:ee:ee:ee:ee and proxy ARP, the pod's address as a /32 with a default route via
 *       169.254.1.1, a {@code /32 dev caliX scope link} route on the host, veth MTU 1500 minus the
 *       encapsulation overhead;</li>
 *   <li>routes: BIRD with the {@link CalicoRouting BGP model} (full mesh, or route reflectors), or
 *       Felix's VXLAN routes, neighbours and FDB entries;</li>
 *   <li>Felix's iptables chains and IP sets for every node's endpoints ({@link Felix}).</li>
 * </ul>
 */
public final class CalicoPlugin implements CniPlugin {
    private final CalicoConfig config;
    private final CalicoIpam ipam;
    private final Map<String, Integer> tunnelAddresses = new LinkedHashMap<>();
    private BgpNetwork bgp;

    public CalicoPlugin(CalicoConfig config) {
        this.config = config;
        this.ipam = new CalicoIpam(List.of(config.pool()), config.ipamConfig());
    }

    @Override
    public String name() {
        return "calico";
    }

    public CalicoConfig config() {
        return config;
    }

    public CalicoIpam ipam() {
        return ipam;
    }

    /** The BGP network of the cluster's BIRDs once the cluster is ready; null in VXLAN mode. */
    public BgpNetwork bgp() {
        return bgp;
    }

    /** The node's IPIP or VXLAN tunnel address, or null. */
    public Integer tunnelAddress(String node) {
        return tunnelAddresses.get(node);
    }

    @Override
    public void setupNode(NodeNetwork node, List<NodeNetwork> cluster) {
        NetNamespace ns = node.ns();
        ns.sysctls().set("net.ipv4.ip_forward", "1");
        if (config.vxlanMode() != EncapMode.NEVER) {
            int addr = assignTunnelAddress(node.name(), "vxlan-tunnel-addr-");
            VxlanDevice vx = VxlanDevice.add(ns, CalicoNames.VXLAN_DEVICE, "id " + CalicoNames.VXLAN_VNI + " local " + Ip4.format(node.nodeIp().address())
                    + " dev " + node.uplink().name() + " dstport " + CalicoNames.VXLAN_PORT + " nolearning");
            ns.addAddress(vx, Cidr.host(addr));
            ns.setUp(vx);
        } else if (config.ipipMode() != EncapMode.NEVER) {
            int addr = assignTunnelAddress(node.name(), "ipip-tunnel-addr-");
            IpipTunnelDevice tunl0 = IpipTunnelDevice.tunl0(ns);
            ns.addAddress(tunl0, Cidr.host(addr));
            ns.setUp(tunl0);
        }
    }

    private int assignTunnelAddress(String node, String handlePrefix) {
        int addr = ipam.autoAssign(node, handlePrefix + node);
        tunnelAddresses.put(node, addr);
        return addr;
    }

    @Override
    public java.util.OptionalInt assignAddress(NodeNetwork node, String pod, int requested) {
        try {
            if (requested != 0) {
                ipam.assignIp(requested, node.name(), handle(pod));
                return java.util.OptionalInt.of(requested);
            }
            return java.util.OptionalInt.of(ipam.autoAssign(node.name(), handle(pod)));
        } catch (IpamException e) {
            throw new IllegalArgumentException("Calico IPAM: " + e.getMessage(), e);
        }
    }

    /** The IPAM handle of a pod (Calico's CNI uses {@code k8s-pod-network.<containerID>}; kdp has no container IDs). */
    static String handle(String pod) {
        return "k8s-pod-network." + pod;
    }

    @Override
    public PodAttachment addPod(NodeNetwork node, String pod, NetNamespace podNs, int address) {
        NetNamespace host = node.ns();
        String hostName = CalicoNames.vethName(pod);
        int mtu = node.uplink().mtu() - config.encapOverhead();
        VethDevice hostSide = VethDevice.pair(host, hostName, CalicoNames.HOST_VETH_MAC, podNs, "eth0", podNs.randomMac("eth0"), mtu);
        VethDevice podSide = hostSide.peer();
        Cidr addr = Cidr.host(address);
        podNs.addAddress(podSide, addr);
        podNs.setUp(podSide);
        podNs.route("add " + CalicoNames.GATEWAY + " dev eth0 scope link");
        podNs.route("add default via " + CalicoNames.GATEWAY + " dev eth0");
        host.sysctls().set("net.ipv4.conf." + hostName + ".proxy_arp", "1");
        host.sysctls().set("net.ipv4.conf." + hostName + ".forwarding", "1");
        host.setUp(hostSide);
        host.route("add " + Ip4.format(address) + " dev " + hostName + " scope link");
        return new PodAttachment(pod, podNs, podSide, addr, hostSide);
    }

    @Override
    public void clusterReady(List<NodeNetwork> nodes, List<Pod> pods, List<NetworkPolicy> policies, List<Namespace> namespaces) {
        if (config.bird()) {
            bgp = CalicoRouting.bird(config, ipam, nodes);
        } else {
            CalicoRouting.felixVxlan(config, ipam, nodes, tunnelAddresses);
        }
        PolicyEngine engine = new PolicyEngine(policies, pods, namespaces);
        PolicyCompiler compiler = new PolicyCompiler(engine, pods);
        List<Integer> hostIps = nodes.stream().map(n -> n.nodeIp().address()).toList();
        List<Cidr> pools = List.of(config.poolCidr());
        Felix felix = new Felix(config.ipipMode() != EncapMode.NEVER, config.vxlanMode() != EncapMode.NEVER, pools,
                config.natOutgoing() ? pools : List.of(), hostIps);
        for (NodeNetwork n : nodes) felix.program(n.ns(), endpoints(n.name(), pods, engine), engine, compiler);
    }

    /** The workload endpoints of {@code node}: its non-hostNetwork pods with an address. */
    static List<WorkloadEndpoint> endpoints(String node, List<Pod> pods, PolicyEngine engine) {
        List<WorkloadEndpoint> out = new ArrayList<>();
        for (Pod p : pods) {
            if (!node.equals(p.spec().nodeName()) || p.spec().hostNetwork() || p.status().podIP().isEmpty()) continue;
            out.add(new WorkloadEndpoint(CalicoNames.vethName(p.key()), p, engine.policiesSelecting(p, PolicyType.INGRESS),
                    engine.policiesSelecting(p, PolicyType.EGRESS)));
        }
        return out;
    }
}
