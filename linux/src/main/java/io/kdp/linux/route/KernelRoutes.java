package io.kdp.linux.route;

import io.kdp.linux.RouteType;
import io.kdp.packet.Cidr;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes the kernel adds by itself when an address is configured on an up device
 * (net/ipv4/fib_frontend.c fib_add_ifaddr / fib_magic). Since Linux 5.x no route is added for
 * the network address itself, only for the directed broadcast.
 */
public final class KernelRoutes {
    private KernelRoutes() {}

    /** The loopback's address, 127.0.0.1/8 on {@code lo}. */
    public static final Cidr LOOPBACK_ADDRESS = Cidr.parse("127.0.0.1/8");

    /**
     * The routes for a primary address on an ordinary device, in the order the kernel adds them:
     * <ol>
     *   <li>{@code local ADDR dev D table local proto kernel scope host src ADDR}</li>
     *   <li>{@code NET/LEN dev D proto kernel scope link src ADDR} in main, unless the address is a
     *       /32 or the network is 0.0.0.0</li>
     *   <li>{@code broadcast BRD dev D table local proto kernel scope link src ADDR} for prefixes
     *       shorter than /31 (RFC 3021 /31s have no broadcast)</li>
     * </ol>
     */
    public static List<Route> kernelRoutesForAddress(Cidr addr, String dev) {
        return kernelRoutesForAddress(addr, dev, false);
    }

    /**
     * As {@link #kernelRoutesForAddress(Cidr, String)}; on a loopback device the prefix route is a
     * {@code local} route in the local table (scope host), so all of 127.0.0.0/8 is local.
     */
    public static List<Route> kernelRoutesForAddress(Cidr addr, String dev, boolean loopback) {
        int a = addr.address();
        List<Route> out = new ArrayList<>(3);
        out.add(magic(RouteType.LOCAL, Cidr.host(a), dev, a));
        int prefix = addr.network();
        boolean zeronet = (prefix & 0xff000000) == 0;
        if (!zeronet && (prefix != a || addr.prefixLength() < 32)) {
            out.add(magic(loopback ? RouteType.LOCAL : RouteType.UNICAST, addr.toNetwork(), dev, a));
            if (addr.prefixLength() < 31) out.add(magic(RouteType.BROADCAST, Cidr.host(addr.broadcast()), dev, a));
        }
        return out;
    }

    /**
     * The loopback's routes for 127.0.0.1/8 on {@code lo}, as {@code ip route show table local} has
     * them: {@code local 127.0.0.1}, {@code local 127.0.0.0/8}, {@code broadcast 127.255.255.255}
     * (each {@code dev lo table local proto kernel ... src 127.0.0.1}).
     */
    public static List<Route> loopbackRoutes() {
        return kernelRoutesForAddress(LOOPBACK_ADDRESS, "lo", true);
    }

    /** fib_magic: unicast goes to main with scope link; local and broadcast to local, local with scope host. */
    private static Route magic(RouteType type, Cidr dst, String dev, int prefsrc) {
        int table = type == RouteType.UNICAST ? RtNames.TABLE_MAIN : RtNames.TABLE_LOCAL;
        int scope = type == RouteType.LOCAL ? RtNames.SCOPE_HOST : RtNames.SCOPE_LINK;
        return new Route(type, dst, 0, dev, false, scope, RtNames.PROTO_KERNEL, prefsrc, 0, table, 0);
    }
}
