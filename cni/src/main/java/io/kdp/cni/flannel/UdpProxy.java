package io.kdp.cni.flannel;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.SkBuff;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;
import io.kdp.linux.tunnel.TunDevice;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.UdpHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * flanneld's user-space proxy for the udp backend (pkg/backend/udp/proxy_amd64.c run_proxy): it
 * holds {@code flannel0} open and a UDP socket bound to the node's address on port 8285. A packet
 * the kernel routes into {@code flannel0} is read, its destination looked up in flanneld's own
 * subnet table, its TTL decremented, and it is sent whole as the payload of a UDP datagram to the
 * remote node's flanneld (tun_to_udp); a datagram that arrives has its inner packet's TTL
 * decremented and is written into {@code flannel0} (udp_to_tun), where the kernel routes it on.
 */
public final class UdpProxy {
    /** flannel's default udp backend port. */
    public static final int PORT = 8285;
    /** Trace name of the encapsulating and decapsulating process. */
    public static final String NAME = "flanneld";

    private record Route(Cidr subnet, int nextHop) {}

    private final NetNamespace ns;
    private final TunDevice tun;
    private final int address;
    private final int port;
    private final List<Route> routes = new ArrayList<>();
    private int ipId;

    /** Opens {@code tun} and binds {@code address:port} in {@code ns}. */
    UdpProxy(NetNamespace ns, TunDevice tun, int address, int port) {
        this.ns = ns;
        this.tun = tun;
        this.address = address;
        this.port = port;
        tun.attach(this::fromTun);
        ns.registerProtocolHandler(IpProtocol.UDP, port, this::fromSocket);
    }

    /** CMD_SET_ROUTE: packets for {@code subnet} go to {@code nextHop}'s flanneld (replacing an older route for it). */
    void setRoute(Cidr subnet, int nextHop) {
        routes.removeIf(r -> r.subnet.equals(subnet));
        routes.add(new Route(subnet.toNetwork(), nextHop));
    }

    /** The subnet table as {@code subnet -> address:port} lines, in the order set. */
    public List<String> routes() {
        return routes.stream().map(r -> r.subnet + " -> " + Ip4.format(r.nextHop) + ":" + port).toList();
    }

    /** tun_to_udp. */
    private void fromTun(Packet inner) {
        Route route = null;
        for (Route r : routes) {
            if (r.subnet.contains(inner.dst())) {
                route = r;
                break;
            }
        }
        boolean tracing = ns.tracer().enabled();
        if (tracing) ns.tracer().step(ns.name(), new Step.Lookup(NAME + " routes", Ip4.format(inner.dst()),
                route == null ? "no route" : route.subnet + " -> " + Ip4.format(route.nextHop) + ":" + port));
        if (route == null) {
            // The daemon answers with ICMP net unreachable written into flannel0; kdp reports the drop.
            drop(NAME + ": no subnet lease covers " + Ip4.format(inner.dst()));
            return;
        }
        Packet decremented = decrementTtl(inner);
        if (decremented == null) return;
        Packet outer = new Packet(null, new Ipv4Header(0, ++ipId & 0xffff, true, Ipv4Header.DEFAULT_TTL, IpProtocol.UDP, address, route.nextHop),
                new UdpHeader(port, port), new Payload.Tunnel(null, decremented));
        if (tracing) ns.tracer().step(ns.name(), new Step.Encap(NAME, outer.summary(), "subnet " + route.subnet + " -> " + Ip4.format(route.nextHop) + ":" + port));
        ns.sendFromSocket(outer);
    }

    /** udp_to_tun. */
    private void fromSocket(SkBuff skb) {
        Packet outer = skb.packet();
        if (!(outer.payload() instanceof Payload.Tunnel t) || t.header() != null) {
            drop(NAME + ": datagram on udp port " + port + " does not carry an IPv4 packet");
            return;
        }
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Decap(NAME, outer.summary()));
        Packet inner = decrementTtl(t.inner());
        if (inner != null) tun.write(inner);
    }

    /** decrement_ttl: a packet whose TTL reaches 0 is discarded (no ICMP time exceeded is sent). */
    private Packet decrementTtl(Packet p) {
        int ttl = p.ipv4().ttl() - 1;
        if (ttl <= 0) {
            drop(NAME + ": discarding " + Ip4.format(p.src()) + " -> " + Ip4.format(p.dst()) + " due to zero TTL");
            return null;
        }
        return p.withIpv4(p.ipv4().withTtl(ttl));
    }

    private void drop(String reason) {
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Drop(reason));
        ns.backlog().outcome(ns.name(), Disposition.DROPPED, reason);
    }
}
