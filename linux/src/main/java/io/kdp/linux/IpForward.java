package io.kdp.linux;

import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.route.Route;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;

/** ip_forward (net/ipv4/ip_forward.c): TTL, MTU, the FORWARD hook, then output. */
final class IpForward {
    private IpForward() {}

    static void forward(SkBuff skb, Route route) {
        NetNamespace ns = skb.ns();
        var p = skb.packet();
        // ip_forward: a TTL that would reach zero is answered with time exceeded (RFC 1812 5.3.1).
        if (p.ipv4().ttl() <= 1) {
            Icmp.sendError(skb, IcmpHeader.TIME_EXCEEDED, 0);
            Verdicts.end(ns, Disposition.LOOP, "TTL exceeded in transit at " + ns.name() + " (to " + Ip4.format(p.dst()) + ")");
            return;
        }
        NetDevice out = ns.device(route.dev());
        if (out == null) {
            Verdicts.end(ns, Disposition.NO_ROUTE, "route device " + route.dev() + " does not exist");
            return;
        }
        // ip_exceeds_mtu: DF set and larger than the path MTU -> fragmentation needed (RFC 1191).
        if (p.ipv4().dontFragment() && p.ipTotalLength() > out.mtu()) {
            Icmp.sendFragNeeded(skb, out.mtu());
            Verdicts.end(ns, Disposition.FRAGMENTATION_NEEDED, p.ipTotalLength() + " bytes exceed mtu " + out.mtu() + " of " + out.name());
            return;
        }
        skb.packet(p.withIpv4(p.ipv4().withTtl(p.ipv4().ttl() - 1)));
        skb.outDev(out);
        skb.nextHop(route.gateway());
        if (!Verdicts.hook(Hook.FORWARD, skb)) return;
        IpOutput.postrouting(skb);
    }
}
