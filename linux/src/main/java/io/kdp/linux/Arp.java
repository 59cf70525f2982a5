package io.kdp.linux;

import io.kdp.linux.route.Route;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.MacAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Neighbour resolution for IPv4 (net/ipv4/arp.c). A cached entry answers at once; otherwise the
 * request is "broadcast" on the device's segment and the first station that would answer it does:
 * one that owns the address (arp_ignore=0 answers for any local address), or one with proxy_arp on
 * that has a route to the address through another device (arp_process). The answer is cached as
 * REACHABLE; no answer leaves a FAILED entry and the caller reports NEIGHBOR_UNREACHABLE.
 */
final class Arp {
    private Arp() {}

    static MacAddress resolve(NetNamespace ns, NetDevice out, int ip) {
        MacAddress cached = ns.neighbours().resolved(ip, out.name());
        if (cached != null) {
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Neighbour(Ip4.format(ip), cached.toString(), out.name(), ns.neighbours().stateName(ip, out.name())));
            return cached;
        }
        if (ns.neighbours().failed(ip, out.name())) {
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Neighbour(Ip4.format(ip), null, out.name(), "FAILED"));
            return null;
        }
        for (NetDevice station : stations(out)) {
            if (answers(station, ip)) {
                learnAlongPath(out, station);
                ns.neighbours().learn(ip, out.name(), station.mac());
                if (ns.tracer().enabled()) {
                    ns.tracer().step(ns.name(), new Step.Neighbour(Ip4.format(ip), station.mac().toString(), out.name(), "REACHABLE (ARP reply from " + station + ")"));
                }
                return station.mac();
            }
        }
        ns.neighbours().fail(ip, out.name());
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Neighbour(Ip4.format(ip), null, out.name(), "FAILED (no ARP reply)"));
        return null;
    }

    private static boolean answers(NetDevice station, int ip) {
        NetNamespace ns = station.ns();
        if (!station.isUp() || !station.arp()) return false;
        if (ns.isLocalAddress(ip)) return true;
        if (ns.sysctls().deviceConf(station.name(), "proxy_arp") != 0) {
            Route r = ns.fib().lookup(ip, 0, 0, null, null);
            return r != null && r.type() == RouteType.UNICAST && !station.name().equals(r.dev());
        }
        return false;
    }

    /**
     * The broadcast request taught every bridge on the way the asker's address, and the unicast
     * reply taught them the station's (br_fdb_update on each frame's source).
     */
    private static void learnAlongPath(NetDevice out, NetDevice station) {
        if (out instanceof BridgeDevice own) {
            // The bridge itself asked (a router on the bridge): its reply taught it the station's port.
            NetDevice toward = portToward(own, station, 0);
            if (toward != null) own.learn(station.mac(), toward);
            return;
        }
        if (!(out instanceof VethDevice v)) return;
        NetDevice far = v.peer();
        for (int depth = 0; depth < 8 && far.master() != null; depth++) {
            BridgeDevice br = far.master();
            br.learn(out.mac(), far);
            NetDevice toward = portToward(br, station, 0);
            if (toward == null) return;
            br.learn(station.mac(), toward);
            if (!(toward instanceof VethDevice tv) || tv.peer() == station) return;
            out = toward;
            far = tv.peer();
        }
    }

    private static NetDevice portToward(BridgeDevice br, NetDevice station, int depth) {
        if (station == br || depth > 8) return null;
        for (NetDevice port : br.ports()) {
            if (!(port instanceof VethDevice pv)) continue;
            NetDevice far = pv.peer();
            if (far == station) return port;
            if (far.master() != null && portToward(far.master(), station, depth + 1) != null) return port;
        }
        return null;
    }

    /** The devices that receive a broadcast sent on {@code out}: the far end of its link, through bridges. */
    static List<NetDevice> stations(NetDevice out) {
        List<NetDevice> result = new ArrayList<>();
        if (out instanceof BridgeDevice br) {
            for (NetDevice port : br.ports()) collectFarEnd(port, result, 0);
        } else {
            collectFarEnd(out, result, 0);
        }
        return result;
    }

    private static void collectFarEnd(NetDevice sender, List<NetDevice> result, int depth) {
        if (depth > 8 || !(sender instanceof VethDevice v)) return;
        NetDevice far = v.peer();
        BridgeDevice br = far.master();
        if (br == null) {
            if (!result.contains(far)) result.add(far);
            return;
        }
        if (!result.contains(br)) result.add(br);
        for (NetDevice port : br.ports()) {
            if (port != far) collectFarEnd(port, result, depth + 1);
        }
    }
}
