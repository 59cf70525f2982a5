package io.kdp.cni.calico.ipam;

import io.kdp.cni.bgp.BgpNetwork;
import io.kdp.cni.bgp.BgpRoute;
import io.kdp.cni.bgp.BgpSpeaker;
import io.kdp.cni.bgp.ExportFilter;
import io.kdp.cni.bgp.KernelRouteMapper;
import io.kdp.cni.bgp.LocalRoute;
import io.kdp.linux.RouteType;
import io.kdp.linux.route.Route;
import io.kdp.linux.route.RoutingTable;
import io.kdp.linux.route.RtNames;
import io.kdp.packet.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What confd's BIRD configuration makes of Calico IPAM on each node (templates bird_aggr.cfg and
 * bird_ipam.cfg), as inputs to the {@link io.kdp.cni.bgp} model:
 * <ul>
 *   <li>{@link #localRoutes}: {@code protocol static { route <block> blackhole; }} for every block
 *       affine to the node (except /32 blocks), and the workloads' {@code /32 dev cali...} routes
 *       that {@code protocol kernel { learn; }} imports from the host table;</li>
 *   <li>{@link #exportFilter}: {@code calico_export_to_bgp_peers}: {@code calico_aggr} accepts the
 *       node's own blocks and rejects anything inside them (so a node advertises each block once,
 *       not its pods), then anything inside a pool is accepted, the rest rejected. A workload
 *       address borrowed from another node's block is outside the node's own blocks, so it is
 *       advertised as a /32;</li>
 *   <li>{@link #kernelProgramming}: {@code calico_kernel_programming}: routes in a VXLAN pool are
 *       not installed (Felix programs them); in an IPIP pool {@code krt_tunnel = "tunl0"} gives
 *       {@code via NH dev tunl0 proto bird onlink}, except with CrossSubnet when the next hop is in
 *       the node's own subnet; otherwise {@code via NH dev <uplink> proto bird}; own blocks become
 *       {@code blackhole <block> proto bird}.</li>
 * </ul>
 *
 * <p>The blackhole problem (projectcalico/calico#3246, #2612, #4287): the block owner installs
 * {@code blackhole <block>/26 proto bird}. A pod elsewhere with an address borrowed from that
 * block is reachable from the owner only through the borrowing node's /32 advertisement, which
 * wins by longest prefix. When that /32 is missing (not advertised, filtered, or not yet learned),
 * the owner drops the traffic, and so does every other node, whose block route leads to the
 * owner. {@link #blackholed} lists such addresses for one node.
 */
public final class CalicoBird {
    private CalicoBird() {}

    /** Calico's IPIP device. */
    public static final String TUNNEL_DEVICE = "tunl0";

    /**
     * The routes BIRD on {@code node} holds besides BGP: static blackholes for its affine blocks and
     * kernel-learned /32s for its workloads (device named by {@code workloadDevice}).
     */
    public static List<LocalRoute> localRoutes(CalicoIpam ipam, String node, Function<Allocation, String> workloadDevice) {
        List<LocalRoute> out = new ArrayList<>();
        for (Cidr block : ipam.affineBlocks(node)) {
            if (block.prefixLength() != 32) out.add(LocalRoute.staticBlackhole(block));
        }
        for (Allocation a : ipam.allocationsOn(node)) out.add(LocalRoute.kernelLearned(a.host(), workloadDevice.apply(a)));
        return out;
    }

    /** {@code calico_export_to_bgp_peers} evaluated against the current IPAM state of the exporting node. */
    public static ExportFilter exportFilter(CalicoIpam ipam) {
        return (speaker, to, route) -> {
            Cidr net = route.prefix();
            for (Cidr block : ipam.affineBlocks(speaker.name())) {
                if (net.equals(block)) return true;
                if (block.contains(net)) return false;
            }
            for (IpPool p : ipam.pools()) if (p.cidr().contains(net)) return true;
            return false;
        };
    }

    /** {@code calico_kernel_programming} with {@code krt_tunnel}, and Calico's BIRD installing without a metric. */
    public static KernelRouteMapper kernelProgramming(CalicoIpam ipam) {
        return (speaker, best) -> kernelRoute(ipam, speaker, best);
    }

    private static Route kernelRoute(CalicoIpam ipam, BgpSpeaker speaker, BgpRoute best) {
        IpPool pool = poolContaining(ipam, best.prefix());
        if (pool != null && pool.vxlanMode() != EncapMode.NEVER) return null;
        if (best.isLocal()) {
            if (best.local().type() != RouteType.BLACKHOLE) return null;
            return Route.reject(RouteType.BLACKHOLE, best.prefix()).withProtocol(RtNames.PROTO_BIRD);
        }
        int nh = best.attributes().nextHop();
        boolean tunnel = pool != null && switch (pool.ipipMode()) {
            case ALWAYS -> true;
            case CROSS_SUBNET -> !speaker.nodeIp().contains(nh);
            case NEVER -> false;
        };
        Route r = Route.via(best.prefix(), nh, tunnel ? TUNNEL_DEVICE : speaker.uplink()).withProtocol(RtNames.PROTO_BIRD);
        return tunnel ? r.withOnlink(true) : r;
    }

    private static IpPool poolContaining(CalicoIpam ipam, Cidr prefix) {
        for (IpPool p : ipam.pools()) if (p.cidr().contains(prefix)) return p;
        return null;
    }

    /**
     * Gives every node's speaker its local routes and Calico's export filter from the current IPAM
     * state (speakers named after the nodes); call {@link BgpNetwork#converge()} afterwards.
     */
    public static void apply(BgpNetwork net, CalicoIpam ipam, List<String> nodes, Function<Allocation, String> workloadDevice) {
        ExportFilter filter = exportFilter(ipam);
        for (String node : nodes) {
            BgpSpeaker s = net.speaker(node);
            s.setLocalRoutes(localRoutes(ipam, node, workloadDevice));
            s.setExportFilter(filter);
        }
    }

    /**
     * Workload addresses on other nodes that {@code node}'s BIRD-programmed {@code table} sends to
     * a blackhole (or has no route for), in address order.
     */
    public static List<Allocation> blackholed(CalicoIpam ipam, String node, RoutingTable table) {
        List<Allocation> out = new ArrayList<>();
        for (Allocation a : ipam.allocations()) {
            if (a.node().equals(node)) continue;
            Route r = table.lookup(a.address());
            if (r == null || r.type() == RouteType.BLACKHOLE) out.add(a);
        }
        return out;
    }
}
