package io.kdp.cni.calico;

import io.kdp.cni.NodeNetwork;
import io.kdp.cni.bgp.BgpNetwork;
import io.kdp.cni.bgp.BgpSpeaker;
import io.kdp.cni.bgp.CalicoBgpTopology;
import io.kdp.cni.calico.ipam.Allocation;
import io.kdp.cni.calico.ipam.CalicoBird;
import io.kdp.cni.calico.ipam.CalicoIpam;
import io.kdp.cni.calico.ipam.EncapMode;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.RouteType;
import io.kdp.linux.neigh.NeighbourEntry;
import io.kdp.linux.neigh.NudState;
import io.kdp.linux.route.Route;
import io.kdp.linux.tunnel.VxlanDevice;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How Calico nodes learn routes to each other's pods: BIRD over the BGP model, or Felix's VXLAN manager. */
public final class CalicoRouting {
    private CalicoRouting() {}

    /**
     * BIRD on every node (confd's bird.cfg): speakers and sessions from {@link CalicoBgpTopology}
     * (full mesh, or every node peering with the route reflectors), local routes and export filter
     * from IPAM ({@link CalicoBird#apply}), converged; each node's best routes installed with
     * {@code calico_kernel_programming} ({@code proto bird}, {@code dev tunl0 onlink} for IPIP, the
     * blackholes of its own blocks).
     */
    public static BgpNetwork bird(CalicoConfig config, CalicoIpam ipam, List<NodeNetwork> nodes) {
        List<CalicoBgpTopology.Node> bgpNodes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (NodeNetwork n : nodes) {
            CalicoBgpTopology.Node b = new CalicoBgpTopology.Node(n.name(), n.nodeIp(), n.uplink().name(), 0);
            if (config.routeReflectors().contains(n.name())) b = b.routeReflector(config.clusterId());
            bgpNodes.add(b);
            names.add(n.name());
        }
        BgpNetwork net = config.routeReflectors().isEmpty() ? CalicoBgpTopology.fullMesh(bgpNodes) : CalicoBgpTopology.routeReflectors(bgpNodes);
        CalicoBird.apply(net, ipam, names, CalicoRouting::workloadDevice);
        if (!config.exportHostRoutes()) {
            for (BgpSpeaker s : net.speakers()) s.setExportFilter(s.exportFilter().and((sp, to, r) -> r.prefix().prefixLength() != 32));
        }
        net.converge();
        for (NodeNetwork n : nodes) {
            for (Route r : net.speaker(n.name()).kernelRoutes(CalicoBird.kernelProgramming(ipam))) n.ns().fib().addRoute(r);
        }
        return net;
    }

    /** The device BIRD's kernel protocol learns an allocation's /32 on: the pod's cali veth, or the tunnel. */
    static String workloadDevice(Allocation a) {
        String h = a.handle();
        if (h.startsWith("k8s-pod-network.")) return CalicoNames.vethName(h.substring("k8s-pod-network.".length()));
        return h.startsWith("vxlan-tunnel-addr-") ? CalicoNames.VXLAN_DEVICE : "tunl0";
    }

    /**
     * Felix's VXLAN programming (vxlan_mgr.go), for every remote node: a permanent neighbour entry
     * for its VTEP address with its VTEP MAC, an FDB entry sending that MAC to its node address, and
     * a route per block affine to it, {@code <block> via <vtep> dev vxlan.calico onlink}, plus a /32
     * for each address it borrowed; with vxlanMode CrossSubnet a node in the same subnet is reached
     * directly, {@code <block> via <node> dev eth0}. The node's own blocks become blackholes. Every
     * route carries Felix's protocol, 80.
     */
    public static void felixVxlan(CalicoConfig config, CalicoIpam ipam, List<NodeNetwork> nodes, Map<String, Integer> vteps) {
        for (NodeNetwork local : nodes) {
            NetNamespace ns = local.ns();
            VxlanDevice vx = (VxlanDevice) ns.device(CalicoNames.VXLAN_DEVICE);
            for (Cidr block : ipam.affineBlocks(local.name())) {
                ns.fib().addRoute(Route.reject(RouteType.BLACKHOLE, block).withProtocol(CalicoNames.FELIX_ROUTE_PROTOCOL));
            }
            for (NodeNetwork remote : nodes) {
                if (remote == local) continue;
                int vtep = vteps.get(remote.name());
                VxlanDevice rvx = (VxlanDevice) remote.ns().device(CalicoNames.VXLAN_DEVICE);
                boolean direct = config.vxlanMode() == EncapMode.CROSS_SUBNET && local.nodeIp().contains(remote.nodeIp().address());
                if (!direct) {
                    ns.neighbours().add(NeighbourEntry.of(vtep, CalicoNames.VXLAN_DEVICE, rvx.mac(), NudState.PERMANENT));
                    vx.bridgeFdb("add " + rvx.mac() + " dev " + CalicoNames.VXLAN_DEVICE + " dst " + Ip4.format(remote.nodeIp().address()));
                }
                List<Cidr> dsts = new ArrayList<>(ipam.affineBlocks(remote.name()));
                for (Allocation a : ipam.borrowedBy(remote.name())) dsts.add(a.host());
                for (Cidr dst : dsts) {
                    Route r = direct
                            ? Route.via(dst, remote.nodeIp().address(), local.uplink().name())
                            : Route.via(dst, vtep, CalicoNames.VXLAN_DEVICE).withOnlink(true);
                    ns.fib().addRoute(r.withProtocol(CalicoNames.FELIX_ROUTE_PROTOCOL));
                }
            }
        }
    }
}
