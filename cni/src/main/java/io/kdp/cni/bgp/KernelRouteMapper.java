package io.kdp.cni.bgp;

import io.kdp.linux.RouteType;
import io.kdp.linux.route.Route;
import io.kdp.linux.route.RtNames;

/**
 * How a speaker's BIRD {@code protocol kernel} installs a best route into the host's main table
 * (its export filter and device choice). Returns null for a route that is not installed. The CNI
 * plugin supplies its own (Calico: {@code tunl0 onlink} for IPIP, nothing for VXLAN pools).
 */
@FunctionalInterface
public interface KernelRouteMapper {
    Route toKernel(BgpSpeaker speaker, BgpRoute best);

    /**
     * Plain routing on the node network: learned routes as {@code PREFIX via NEXT_HOP dev UPLINK proto bird},
     * static blackholes as {@code blackhole PREFIX proto bird}; kernel-learned routes are not
     * written back. {@code metric} is the kernel protocol's metric: 0 in Calico's BIRD, 32 is
     * BIRD 2's default.
     */
    static KernelRouteMapper viaUplink(int metric) {
        return (speaker, best) -> {
            if (best.isLocal()) {
                if (best.local().type() != RouteType.BLACKHOLE) return null;
                return Route.reject(RouteType.BLACKHOLE, best.prefix()).withProtocol(RtNames.PROTO_BIRD).withMetric(metric);
            }
            return Route.via(best.prefix(), best.attributes().nextHop(), speaker.uplink()).withProtocol(RtNames.PROTO_BIRD)
                .withMetric(metric);
        };
    }
}
