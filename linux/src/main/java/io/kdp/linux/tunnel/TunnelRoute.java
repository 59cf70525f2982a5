package io.kdp.linux.tunnel;

import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.route.Route;

/**
 * The outer source address a tunnel without {@code local} puts in its header: the one output routing
 * chooses for the outer destination (ip_route_output_key fills fl4.saddr before the header is
 * built), i.e. the route's {@code src}, else inet_select_addr on its device. 0 when there is no route
 * (the output path then reports the failure).
 */
final class TunnelRoute {
    private TunnelRoute() {}

    static int source(NetNamespace ns, int dst, int mark, NetDevice oif) {
        Route r = ns.fib().lookup(dst, 0, mark, "lo", oif == null ? null : oif.name());
        if (r == null) return 0;
        if (r.prefsrc() != 0) return r.prefsrc();
        NetDevice dev = r.dev() == null ? null : ns.device(r.dev());
        return ns.selectSourceAddress(dev, r.gateway() != 0 ? r.gateway() : dst);
    }
}
