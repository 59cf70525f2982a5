package io.kdp.linux.route;

import io.kdp.linux.RouteType;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;

/**
 * One IPv4 route as {@code ip route} shows it (struct fib_alias + fib_info, one nexthop).
 *
 * @param type     RTN_* type; {@link RouteType#UNSPEC} only in a delete selector (any type)
 * @param dst      destination prefix with no host bits; 0.0.0.0/0 is {@code default}
 * @param gateway  {@code via} address, 0 for none
 * @param dev      output device name ({@code dev}), null when none (reject routes)
 * @param onlink   RTNH_F_ONLINK: trust that the gateway is on the link of {@code dev}
 * @param scope    RT_SCOPE_* (0 universe/global, 253 link, 254 host)
 * @param protocol RTPROT_* ({@code proto}); 3 (boot) is what {@code ip route add} sets by default
 * @param prefsrc  preferred source ({@code src}), 0 for none
 * @param metric   priority ({@code metric}), unsigned; lower wins among equal prefixes
 * @param table    routing table id (255 local, 254 main, 253 default)
 * @param mtu      RTAX_MTU, 0 for none
 */
public record Route(RouteType type, Cidr dst, int gateway, String dev, boolean onlink, int scope, int protocol,
                   int prefsrc, int metric, int table, int mtu) {

    /** 0.0.0.0/0. */
    public static final Cidr DEFAULT = new Cidr(0, 0);

    public Route {
        if (type == null) throw new IllegalArgumentException("route type is required");
        if (dst == null) throw new IllegalArgumentException("route destination is required");
        if (dst.address() != dst.network()) throw new RtnetlinkException(RtnetlinkException.INVALID_PREFIX);
        if (scope < 0 || scope > 255) throw new IllegalArgumentException("scope " + scope + " is not in 0..255");
        if (protocol < 0 || protocol > 255) throw new IllegalArgumentException("proto " + protocol + " is not in 0..255");
        if (mtu < 0) throw new IllegalArgumentException("mtu " + mtu + " is negative");
        if (dev != null && dev.isEmpty()) dev = null;
    }

    /** A static unicast route via a gateway, as {@code ip route add DST via GW dev DEV} creates it. */
    public static Route via(Cidr dst, int gateway, String dev) {
        return new Route(RouteType.UNICAST, dst, gateway, dev, false, RtNames.SCOPE_UNIVERSE, RtNames.PROTO_BOOT, 0, 0,
            RtNames.TABLE_MAIN, 0);
    }

    /** A directly connected route, as {@code ip route add DST dev DEV} creates it (scope link). */
    public static Route direct(Cidr dst, String dev) {
        return new Route(RouteType.UNICAST, dst, 0, dev, false, RtNames.SCOPE_LINK, RtNames.PROTO_BOOT, 0, 0,
            RtNames.TABLE_MAIN, 0);
    }

    /** A route with no nexthop ({@code blackhole}, {@code unreachable}, {@code prohibit}, {@code throw}). */
    public static Route reject(RouteType type, Cidr dst) {
        return new Route(type, dst, 0, null, false, RtNames.SCOPE_UNIVERSE, RtNames.PROTO_BOOT, 0, 0,
            RtNames.TABLE_MAIN, 0);
    }

    /** Whether {@code ip} shows the destination as {@code default}. */
    public boolean isDefault() {
        return dst.prefixLength() == 0;
    }

    /** Whether the destination prefix contains {@code ip}. */
    public boolean matches(int ip) {
        return (ip & dst.mask()) == dst.network();
    }

    /** The address to ARP for when sending to {@code daddr}: the gateway, or daddr itself (rt_nexthop). */
    public int nextHop(int daddr) {
        return gateway != 0 ? gateway : daddr;
    }

    public Route withTable(int t) {
        return new Route(type, dst, gateway, dev, onlink, scope, protocol, prefsrc, metric, t, mtu);
    }

    public Route withDev(String d) {
        return new Route(type, dst, gateway, d, onlink, scope, protocol, prefsrc, metric, table, mtu);
    }

    public Route withMetric(int m) {
        return new Route(type, dst, gateway, dev, onlink, scope, protocol, prefsrc, m, table, mtu);
    }

    public Route withProtocol(int p) {
        return new Route(type, dst, gateway, dev, onlink, scope, p, prefsrc, metric, table, mtu);
    }

    public Route withPrefsrc(int src) {
        return new Route(type, dst, gateway, dev, onlink, scope, protocol, src, metric, table, mtu);
    }

    public Route withScope(int s) {
        return new Route(type, dst, gateway, dev, onlink, s, protocol, prefsrc, metric, table, mtu);
    }

    public Route withOnlink(boolean o) {
        return new Route(type, dst, gateway, dev, o, scope, protocol, prefsrc, metric, table, mtu);
    }

    public Route withMtu(int m) {
        return new Route(type, dst, gateway, dev, onlink, scope, protocol, prefsrc, metric, table, m);
    }

    /** The line {@code ip route show table all} prints (see {@link RoutePrinter}). */
    @Override
    public String toString() {
        return RoutePrinter.format(this, true);
    }

    /** Destination as {@code ip route} prints it: {@code default}, a bare host address for /32, else net/len. */
    String dstText() {
        if (dst.prefixLength() == 0 && dst.network() == 0) return "default";
        if (dst.prefixLength() == 32) return Ip4.format(dst.network());
        return Ip4.format(dst.network()) + "/" + dst.prefixLength();
    }
}
