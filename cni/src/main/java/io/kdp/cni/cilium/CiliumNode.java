package io.kdp.cni.cilium;

import io.kdp.cni.NodeNetwork;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.VethDevice;
import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.BpfMap;
import io.kdp.linux.bpf.BpfMapType;
import io.kdp.linux.bpf.Bytes;
import io.kdp.linux.tunnel.VxlanDevice;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node as the Cilium agent sets it up (pkg/datapath/linux): the {@code cilium_host} /
 * {@code cilium_net} veth pair, {@code cilium_host} holding the router IP (the first address of the
 * node's pod CIDR, as a /32 with its own scope-link route), {@code cilium_vxlan} in tunnel mode, the
 * routes, and the node's BPF maps: {@code cilium_ipcache}, {@code cilium_tunnel_map},
 * {@code cilium_lxc} and one {@code cilium_policy_<id>} per local endpoint.
 *
 * <p>Routes (node.go / route installation): the local pod CIDR via the router IP on cilium_host
 * ({@code 10.244.0.0/24 via 10.244.0.1 dev cilium_host proto kernel src 10.244.0.1}); in tunnel mode
 * each other node's pod CIDR the same way with the route MTU
 * ({@code 10.244.1.0/24 via 10.244.0.1 dev cilium_host proto kernel src 10.244.0.1 mtu 1450}): the
 * host's own traffic to pods goes through cilium_host, whose BPF program encapsulates it; in native
 * mode ({@code auto-direct-node-routes}) each other node's pod CIDR via that node's address
 * ({@code 10.244.1.0/24 via 192.168.49.3 dev eth0 proto kernel}).
 */
public final class CiliumNode {
    /** cilium_lxc: local endpoint address to endpoint. */
    public static final String LXC_MAP = "cilium_lxc";

    private final NodeNetwork network;
    private final CiliumConfig config;
    private final int routerIp;
    private final VethDevice ciliumHost;
    private final VxlanDevice vxlan;
    private final Ipcache ipcache = new Ipcache();
    private final TunnelMap tunnelMap = new TunnelMap();
    private final BpfMap<Integer, EndpointInfo> lxc = BpfMap.create(LXC_MAP, BpfMapType.HASH, LXC_KEY, EndpointInfo.CODEC, 65535);
    private final Map<Integer, PolicyMap> policies = new TreeMap<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final CiliumConntrack conntrack = new CiliumConntrack();

    /** A pod's endpoint on this node: its id, host-side device and address (identity known once the cluster is ready). */
    public record Endpoint(String pod, int id, String device, int address) {}

    /** struct endpoint_key: the address in a 16-byte union, family, key, cluster id. */
    private static final BpfCodec<Integer> LXC_KEY = new BpfCodec<>() {
        public int size() { return 20; }
        public void write(Integer ip, byte[] out, int off) {
            Bytes.be32(out, off, ip);
            out[off + 16] = 1;
        }
    };

    CiliumNode(NodeNetwork network, CiliumConfig config) {
        this.network = network;
        this.config = config;
        NetNamespace ns = network.ns();
        Cidr pods = network.podCidr().toNetwork();
        this.routerIp = pods.nth(1);
        String router = Ip4.format(routerIp);
        ns.sysctls().set("net.ipv4.ip_forward", "1");
        // Cilium's sysctl overrides: no reverse-path filtering on its devices (pods' sources are not routed back through lxc*).
        ns.sysctls().set("net.ipv4.conf.all.rp_filter", "0");
        ciliumHost = VethDevice.pair(ns, "cilium_host", ns.randomMac("cilium_host"), ns, "cilium_net", ns.randomMac("cilium_net"), config.deviceMtu());
        ns.sysctls().set("net.ipv4.conf.cilium_host.rp_filter", "0");
        ns.sysctls().set("net.ipv4.conf.cilium_net.rp_filter", "0");
        ns.setUp(ciliumHost.peer());
        ns.setUp(ciliumHost);
        ns.addAddress(ciliumHost, new Cidr(routerIp, 32));
        if (config.routingMode() == RoutingMode.TUNNEL) {
            vxlan = VxlanDevice.createExternal(ns, "cilium_vxlan", ns.randomMac("cilium_vxlan"), CiliumConfig.VXLAN_PORT);
            ns.setUp(vxlan);
        } else {
            vxlan = null;
        }
        ns.route("add " + router + " dev cilium_host proto kernel scope link");
        ns.route("add " + pods + " via " + router + " dev cilium_host proto kernel src " + router);
    }

    /** Routes to the other nodes' pod CIDRs. */
    void routeTo(NodeNetwork peer) {
        Cidr cidr = peer.podCidr().toNetwork();
        if (config.routingMode() == RoutingMode.TUNNEL) {
            String router = Ip4.format(routerIp);
            network.ns().route("add " + cidr + " via " + router + " dev cilium_host proto kernel src " + router + " mtu " + config.routeMtu());
            tunnelMap.map().update(new TunnelMap.Key(cidr.network()), new TunnelMap.Value(peer.nodeIp().address()));
        } else {
            network.ns().route("add " + cidr + " via " + Ip4.format(peer.nodeIp().address()) + " dev " + network.uplink().name() + " proto kernel");
        }
    }

    public String name() { return network.name(); }
    public NodeNetwork network() { return network; }
    public CiliumConfig config() { return config; }
    /** The router IP on cilium_host: the pods' default gateway. */
    public int routerIp() { return routerIp; }
    public VethDevice ciliumHost() { return ciliumHost; }
    /** cilium_vxlan, or null in native-routing mode. */
    public VxlanDevice vxlan() { return vxlan; }
    public Ipcache ipcache() { return ipcache; }
    public TunnelMap tunnelMap() { return tunnelMap; }
    /** cilium_lxc: local endpoints by address. */
    public BpfMap<Integer, EndpointInfo> lxc() { return lxc; }
    /** The policy maps of the local endpoints, by endpoint id. */
    public Map<Integer, PolicyMap> policies() { return Collections.unmodifiableMap(policies); }
    /** The local endpoints by pod. */
    public Map<String, Endpoint> endpoints() { return Collections.unmodifiableMap(endpoints); }

    CiliumConntrack conntrack() { return conntrack; }

    void addEndpoint(Endpoint e) {
        endpoints.put(e.pod(), e);
    }

    void policy(PolicyMap map) {
        policies.put(map.endpointId(), map);
    }

    /** An endpoint id free on this node, derived from the pod's name (Cilium leases ids 1..4095 from a pool). */
    int endpointId(String pod) {
        int id = Math.floorMod(pod.hashCode() * 0x9E3779B1, 4095) + 1;
        while (true) {
            int candidate = id;
            if (endpoints.values().stream().noneMatch(e -> e.id() == candidate)) return id;
            id = id % 4095 + 1;
        }
    }
}
