package io.kdp.linux;

import io.kdp.linux.route.Route;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.Ip4;

/**
 * Reverse-path filtering (fib_validate_source, RFC 3704): with rp_filter 1 (strict) the route back
 * to the source must leave through the device the packet came in on; with 2 (loose) any route back
 * will do; 0 checks nothing.
 */
final class ReversePath {
    private ReversePath() {}

    static boolean valid(SkBuff skb, Route forward) {
        NetNamespace ns = skb.ns();
        int mode = ns.sysctls().deviceConf(skb.inDev().name(), "rp_filter");
        int src = skb.packet().src();
        if (mode == 0 || src == 0) return true;
        Route back = ns.fib().lookup(src, 0, skb.mark(), null, null);
        boolean ok = back != null && back.type() == io.kdp.linux.RouteType.UNICAST
                && (mode == 2 || skb.inDev().name().equals(back.dev()));
        if (back != null && back.type() == io.kdp.linux.RouteType.LOCAL) ok = false; // our own address as source
        if (!ok) {
            Verdicts.end(ns, Disposition.DROPPED, "rp_filter=" + mode + ": source " + Ip4.format(src) + " is not reachable "
                    + (mode == 1 ? "through " + skb.inDev().name() : "at all"));
        }
        return ok;
    }
}
