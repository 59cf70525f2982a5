package io.kdp.linux;

import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.route.Route;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.Packet;

/**
 * The IPv4 receive path of one namespace (net/ipv4/ip_input.c and route.c ip_route_input_slow):
 * PREROUTING, the input routing decision, then local delivery through INPUT or forwarding.
 */
final class IpInput {
    private IpInput() {}

    /** ip_rcv: an IPv4 packet (link-layer header already removed) arrives on {@code dev}. */
    static void receive(NetNamespace ns, NetDevice dev, Packet packet) {
        SkBuff skb = new SkBuff(ns, packet, dev);
        // Martian sources are refused before netfilter sees them only for multicast/broadcast sources;
        // loopback sources are checked in the routing decision, as ip_route_input_slow does.
        if (!Verdicts.hook(Hook.PREROUTING, skb)) return;
        routeInput(skb);
    }

    /** ip_rcv for a packet this namespace sent to itself through lo: the conntrack entry and mark came along. */
    static void receiveLooped(NetNamespace ns, NetDevice lo, Packet packet, SkBuff sent) {
        SkBuff skb = new SkBuff(ns, packet, lo);
        skb.mark(sent.mark());
        skb.untracked(sent.untracked());
        if (sent.ct() != null) skb.ct(sent.ct(), sent.ctInfo());
        if (!Verdicts.hook(Hook.PREROUTING, skb)) return;
        routeInput(skb);
    }

    /** ip_rcv_finish / ip_route_input_noref: decide local, forward, or an error route. */
    static void routeInput(SkBuff skb) {
        NetNamespace ns = skb.ns();
        Packet p = skb.packet();
        NetDevice in = skb.inDev();
        int dst = p.dst(), src = p.src();
        boolean fromLo = in instanceof LoopbackDevice;
        int localnet = ns.sysctls().deviceConf(in.name(), "route_localnet");
        if (!fromLo) {
            if (Ip4.isMulticast(src) || Ip4.isLimitedBroadcast(src) || (Ip4.isLoopback(src) && localnet == 0)) {
                Verdicts.end(ns, Disposition.DROPPED, "martian source " + Ip4.format(src) + " from " + Ip4.format(dst) + ", on dev " + in.name());
                return;
            }
            if (Ip4.isLoopback(dst) && localnet == 0) {
                Verdicts.end(ns, Disposition.DROPPED, "martian destination " + Ip4.format(dst) + " from " + Ip4.format(src) + ", dev " + in.name()
                        + " (net.ipv4.conf." + in.name() + ".route_localnet=0)");
                return;
            }
        }
        Route route = ns.fib().lookup(dst, src, skb.mark(), in.name(), null);
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), route == null
                    ? new Step.Route("-", "no route to " + Ip4.format(dst), "unreachable")
                    : new Step.Route(io.kdp.linux.route.RtNames.tableName(route.table()), route.toString().trim(), inputResult(route)));
        }
        if (route == null) {
            // ip_error: ENETUNREACH answers with net unreachable only when forwarding is on for the device.
            if (ns.forwarding(in)) Icmp.sendError(skb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.NET_UNREACHABLE);
            Verdicts.end(ns, Disposition.NO_ROUTE, "no route to " + Ip4.format(dst));
            return;
        }
        if (!fromLo && !ReversePath.valid(skb, route)) return;
        switch (route.type()) {
            case LOCAL, BROADCAST -> LocalDelivery.deliver(skb);
            case UNICAST -> {
                if (!ns.forwarding(in)) {
                    Verdicts.end(ns, Disposition.DROPPED, "not forwarded: net.ipv4.ip_forward=0 (packet to " + Ip4.format(dst) + " is not local)");
                    return;
                }
                IpForward.forward(skb, route);
            }
            case BLACKHOLE -> Verdicts.end(ns, Disposition.BLACKHOLED, "blackhole route " + route);
            case UNREACHABLE -> {
                if (ns.forwarding(in)) Icmp.sendError(skb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.HOST_UNREACHABLE);
                Verdicts.end(ns, Disposition.UNREACHABLE, "unreachable route " + route);
            }
            case PROHIBIT -> {
                if (ns.forwarding(in)) Icmp.sendError(skb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.ADMIN_PROHIBITED);
                Verdicts.end(ns, Disposition.PROHIBITED, "prohibit route " + route);
            }
            default -> Verdicts.end(ns, Disposition.DROPPED, "route type " + route.type().keyword() + " is not forwarded");
        }
    }

    private static String inputResult(Route r) {
        return switch (r.type()) {
            case LOCAL, BROADCAST -> "local";
            case UNICAST -> "forward";
            default -> r.type().keyword();
        };
    }
}
