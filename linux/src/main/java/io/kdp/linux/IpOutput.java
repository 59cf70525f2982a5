package io.kdp.linux;

import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.route.Route;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;
import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;

/**
 * The IPv4 output path (net/ipv4/ip_output.c): output routing with source address selection, the
 * OUTPUT hook with re-routing when NAT or a mark changed the packet (ip_route_me_harder),
 * POSTROUTING, the neighbour lookup and transmission.
 */
final class IpOutput {
    private IpOutput() {}

    /** ip_local_out for a packet a local socket sends. A source of 0 is chosen by the route. */
    static void send(NetNamespace ns, Packet packet, int mark) {
        send(ns, packet, mark, null);
    }

    /** As {@link #send(NetNamespace, Packet, int)}, the route bound to output device {@code oif} (flowi4_oif) when not null. */
    static void send(NetNamespace ns, Packet packet, int mark, String oif) {
        SkBuff skb = new SkBuff(ns, packet, null);
        skb.mark(mark);
        localOut(skb, oif);
    }

    /**
     * ip_local_out for an skb that already carries state: a packet IPVS rewrote and sends on
     * (ip_vs_nat_send_or_cont), keeping its conntrack entry and mark.
     */
    static void localOut(SkBuff skb) {
        localOut(skb, null);
    }

    private static void localOut(SkBuff skb, String oif) {
        Packet packet = skb.packet();
        int mark = skb.mark();
        Route route = routeOutput(skb, oif);
        if (route == null) return;
        if (!Verdicts.hook(Hook.OUTPUT, skb)) return;
        if (skb.packet().dst() != packet.dst() || skb.mark() != mark) {
            // ip_route_me_harder: the destination changed under us (DNAT) or a mark may select another table.
            if (routeOutput(skb, oif) == null) return;
        }
        postrouting(skb);
    }

    /** ip_route_output_key: chooses device, next hop and source; sets them on the skb. */
    private static Route routeOutput(SkBuff skb, String oif) {
        NetNamespace ns = skb.ns();
        Packet p = skb.packet();
        Route route = ns.fib().lookup(p.dst(), p.src(), skb.mark(), "lo", oif);
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), route == null
                    ? new Step.Route("-", "no route to " + Ip4.format(p.dst()), "unreachable")
                    : new Step.Route(io.kdp.linux.route.RtNames.tableName(route.table()), route.toString().trim(), "output"));
        }
        if (route == null) {
            Verdicts.end(ns, Disposition.NO_ROUTE, "connect: Network is unreachable (no route to " + Ip4.format(p.dst()) + ")");
            return null;
        }
        switch (route.type()) {
            case UNICAST, LOCAL, BROADCAST -> {}
            case BLACKHOLE -> {
                Verdicts.end(ns, Disposition.BLACKHOLED, "blackhole route " + route);
                return null;
            }
            case UNREACHABLE -> {
                Verdicts.end(ns, Disposition.UNREACHABLE, "connect: No route to host (" + route + ")");
                return null;
            }
            case PROHIBIT -> {
                Verdicts.end(ns, Disposition.PROHIBITED, "connect: Permission denied (" + route + ")");
                return null;
            }
            default -> {
                Verdicts.end(ns, Disposition.DROPPED, "route type " + route.type().keyword());
                return null;
            }
        }
        // Local destinations leave through lo, as ip_route_output_key_hash_rcu sets dev_out = loopback.
        NetDevice out = route.type() == io.kdp.linux.RouteType.LOCAL ? ns.loopback() : ns.device(route.dev());
        if (out == null) {
            Verdicts.end(ns, Disposition.NO_ROUTE, "route device " + route.dev() + " does not exist");
            return null;
        }
        if (p.src() == 0) {
            int src = route.prefsrc() != 0 ? route.prefsrc() : ns.selectSourceAddress(out, route.gateway() != 0 ? route.gateway() : p.dst());
            if (route.type() == io.kdp.linux.RouteType.LOCAL && src == 0) src = p.dst();
            if (src == 0) {
                Verdicts.end(ns, Disposition.NO_ROUTE, "no source address on " + out.name());
                return null;
            }
            skb.packet(p.withIpv4(p.ipv4().withSrc(src)));
        }
        // __mkroute_output: a loopback source may leave only through a loopback device, unless
        // route_localnet is set on the output device (-EINVAL otherwise).
        int src = skb.packet().src();
        if (io.kdp.packet.Ip4.isLoopback(src) && !(out instanceof LoopbackDevice) && ns.sysctls().deviceConf(out.name(), "route_localnet") == 0) {
            Verdicts.end(ns, Disposition.DROPPED, "invalid argument: loopback source " + Ip4.format(src) + " cannot leave through " + out.name()
                    + " (net.ipv4.conf." + out.name() + ".route_localnet=0)");
            return null;
        }
        skb.outDev(out);
        skb.nextHop(route.gateway());
        return route;
    }

    /** ip_output: POSTROUTING, then the neighbour and the device. */
    static void postrouting(SkBuff skb) {
        if (!Verdicts.hook(Hook.POSTROUTING, skb)) return;
        finishOutput(skb);
    }

    /** ip_finish_output2: resolve the next hop's link-layer address and transmit. */
    private static void finishOutput(SkBuff skb) {
        NetNamespace ns = skb.ns();
        NetDevice out = skb.outDev();
        Packet p = skb.packet();
        Packet frame;
        if (!out.hasLinkLayer()) {
            frame = p.withEthernet(null);
        } else {
            MacAddress dstMac;
            if (!out.arp()) {
                dstMac = MacAddress.ZERO; // lo, dummy: IFF_NOARP, header with zero addresses
            } else {
                int nh = skb.nextHop() != 0 ? skb.nextHop() : p.dst();
                dstMac = Arp.resolve(ns, out, nh);
                if (dstMac == null) {
                    // neigh_invalidate -> ipv4_link_failure: host unreachable back to the sender.
                    if (skb.inDev() != null) Icmp.sendError(skb, io.kdp.packet.IcmpHeader.DEST_UNREACHABLE, io.kdp.packet.IcmpHeader.HOST_UNREACHABLE);
                    Verdicts.end(ns, Disposition.NEIGHBOR_UNREACHABLE, "no ARP reply for " + Ip4.format(nh) + " on " + out.name());
                    return;
                }
            }
            frame = p.withEthernet(new EthernetHeader(dstMac, out.mac(), EtherType.IPV4));
        }
        ns.transmit(out, frame, skb);
    }
}
