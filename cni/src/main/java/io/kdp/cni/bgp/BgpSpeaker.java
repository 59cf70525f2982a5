package io.kdp.cni.bgp;

import io.kdp.linux.route.Route;
import io.kdp.linux.route.RoutingTable;
import io.kdp.linux.route.RtNames;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One BGP speaker (a node's BIRD): its local routes, an Adj-RIB-In and Adj-RIB-Out per neighbor,
 * and the Loc-RIB that best-path selection builds from them (RFC 4271 section 3.2).
 *
 * <p>Advertisement follows RFC 4271 and RFC 4456 as BIRD applies them: the best path of each
 * prefix goes to every neighbor except the one it was learned from; a path learned over iBGP is
 * not sent to another iBGP neighbor unless this speaker reflects between them (either neighbor
 * is its {@code rr client}), and then with ORIGINATOR_ID and CLUSTER_LIST set; NEXT_HOP is kept
 * over iBGP, so it stays the originating node; towards eBGP the local AS is prepended and
 * NEXT_HOP becomes the local address. The export filter then decides per route.
 */
public final class BgpSpeaker {
    private final String name;
    private final Cidr nodeIp;
    private final long asn;
    private final int routerId;
    private final int clusterId;
    private final String uplink;
    private final List<Neighbor> neighbors = new ArrayList<>();
    private final TreeMap<Cidr, LocalRoute> localRoutes = new TreeMap<>();
    private final Map<Neighbor, TreeMap<Cidr, PathAttributes>> adjRibIn = new LinkedHashMap<>();
    private final Map<Neighbor, TreeMap<Cidr, PathAttributes>> adjRibOut = new LinkedHashMap<>();
    private final TreeMap<Cidr, List<BgpRoute>> locRib = new TreeMap<>();
    private final List<LoopRejection> rejections = new ArrayList<>();
    private ExportFilter exportFilter = ExportFilter.ALL;

    /**
     * @param name      the node name
     * @param nodeIp    the node's address with its prefix length (Calico's {@code ip_addr_v4}); the session address
     * @param asn       the local AS
     * @param routerId  the BGP identifier (Calico: the node IP)
     * @param clusterId the route reflector cluster ID, 0 when the speaker is not a route reflector
     * @param uplink    the interface the node network is on ({@code on eth0} in {@code show route})
     */
    public BgpSpeaker(String name, Cidr nodeIp, long asn, int routerId, int clusterId, String uplink) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("a BGP speaker needs a name");
        if (asn <= 0 || asn > 0xffff_ffffL) throw new IllegalArgumentException("speaker " + name + ": AS " + asn + " is not in 1..4294967295");
        if (routerId == 0) throw new IllegalArgumentException("speaker " + name + ": router ID 0.0.0.0 is invalid");
        this.name = name;
        this.nodeIp = nodeIp;
        this.asn = asn;
        this.routerId = routerId;
        this.clusterId = clusterId;
        this.uplink = uplink;
    }

    /** A speaker with router ID = node address, not a route reflector, on {@code eth0}. */
    public BgpSpeaker(String name, Cidr nodeIp, long asn) {
        this(name, nodeIp, asn, nodeIp.address(), 0, "eth0");
    }

    public String name() {
        return name;
    }

    public Cidr nodeIp() {
        return nodeIp;
    }

    public int address() {
        return nodeIp.address();
    }

    public long asn() {
        return asn;
    }

    public int routerId() {
        return routerId;
    }

    public int clusterId() {
        return clusterId;
    }

    public boolean isRouteReflector() {
        return clusterId != 0;
    }

    public String uplink() {
        return uplink;
    }

    public List<Neighbor> neighbors() {
        return Collections.unmodifiableList(neighbors);
    }

    /** The neighbor (protocol) with this name, or null. */
    public Neighbor neighbor(String protocolName) {
        for (Neighbor n : neighbors) if (n.name().equals(protocolName)) return n;
        return null;
    }

    public ExportFilter exportFilter() {
        return exportFilter;
    }

    public void setExportFilter(ExportFilter f) {
        exportFilter = f == null ? ExportFilter.ALL : f;
    }

    /** Replaces the local routes (what the daemon's static and kernel protocols hold). Takes effect at the next convergence. */
    public void setLocalRoutes(Collection<LocalRoute> routes) {
        localRoutes.clear();
        for (LocalRoute r : routes) addLocalRoute(r);
    }

    public void addLocalRoute(LocalRoute r) {
        LocalRoute old = localRoutes.putIfAbsent(r.prefix(), r);
        if (old != null && !old.equals(r)) {
            throw new IllegalArgumentException("speaker " + name + " already has a local route for " + r.prefix() + " (" + old.protocol() + ")");
        }
    }

    /** Removes a local route (e.g. a released block's blackhole); false if there was none. */
    public boolean removeLocalRoute(Cidr prefix) {
        return localRoutes.remove(prefix) != null;
    }

    public Map<Cidr, LocalRoute> localRoutes() {
        return Collections.unmodifiableMap(localRoutes);
    }

    /** What {@code n} has advertised to this speaker and was accepted. */
    public Map<Cidr, PathAttributes> adjRibIn(Neighbor n) {
        return Collections.unmodifiableMap(adjRibIn.getOrDefault(n, new TreeMap<>()));
    }

    /** What this speaker has advertised to {@code n}. */
    public Map<Cidr, PathAttributes> adjRibOut(Neighbor n) {
        return Collections.unmodifiableMap(adjRibOut.getOrDefault(n, new TreeMap<>()));
    }

    /** Every path per prefix, best first, in prefix order. */
    public Map<Cidr, List<BgpRoute>> locRib() {
        return Collections.unmodifiableMap(locRib);
    }

    /** The best path to {@code prefix}, or null. */
    public BgpRoute best(Cidr prefix) {
        List<BgpRoute> l = locRib.get(prefix);
        return l == null ? null : l.get(0);
    }

    /** The best path of every prefix, in prefix order. */
    public List<BgpRoute> bestRoutes() {
        List<BgpRoute> out = new ArrayList<>(locRib.size());
        for (List<BgpRoute> l : locRib.values()) out.add(l.get(0));
        return out;
    }

    /** Received routes discarded by loop prevention, in arrival order. */
    public List<LoopRejection> rejections() {
        return Collections.unmodifiableList(rejections);
    }

    /**
     * The routes the daemon's kernel protocol installs, as a main table holds them (so
     * {@link io.kdp.linux.route.RoutePrinter#show(RoutingTable)} prints them as {@code ip route} does).
     */
    public RoutingTable kernelTable(KernelRouteMapper mapper) {
        RoutingTable t = new RoutingTable(RtNames.TABLE_MAIN);
        for (BgpRoute best : bestRoutes()) {
            Route r = mapper.toKernel(this, best);
            if (r != null) t.add(r);
        }
        return t;
    }

    /** {@link #kernelTable} as a list in kernel dump order. */
    public List<Route> kernelRoutes(KernelRouteMapper mapper) {
        return kernelTable(mapper).routes();
    }

    void addNeighbor(Neighbor n) {
        for (Neighbor o : neighbors) {
            if (o.name().equals(n.name())) throw new IllegalArgumentException("speaker " + name + " already has a protocol " + n.name());
            if (o.remote() == n.remote()) throw new IllegalArgumentException("speaker " + name + " already peers with " + n.remote().name());
        }
        neighbors.add(n);
        adjRibIn.put(n, new TreeMap<>());
        adjRibOut.put(n, new TreeMap<>());
    }

    /** Rebuilds the Loc-RIB from the local routes and every Adj-RIB-In. */
    void recomputeLocRib() {
        TreeMap<Cidr, List<BgpRoute>> rib = new TreeMap<>();
        PathAttributes own = PathAttributes.originated(address());
        for (LocalRoute l : localRoutes.values()) {
            rib.computeIfAbsent(l.prefix(), k -> new ArrayList<>()).add(new BgpRoute(l.prefix(), own, null, l));
        }
        for (Map.Entry<Neighbor, TreeMap<Cidr, PathAttributes>> e : adjRibIn.entrySet()) {
            for (Map.Entry<Cidr, PathAttributes> r : e.getValue().entrySet()) {
                rib.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(new BgpRoute(r.getKey(), r.getValue(), e.getKey(), null));
            }
        }
        for (List<BgpRoute> l : rib.values()) l.sort(DecisionProcess.order(asn));
        locRib.clear();
        locRib.putAll(rib);
    }

    /** The attributes this speaker advertises to {@code n} for {@code best}, or null when it does not advertise it. */
    PathAttributes exportAttributes(Neighbor n, BgpRoute best) {
        if (best.from() == n) return null;
        PathAttributes attrs = best.attributes();
        if (!best.isLocal() && !best.isExternal() && !n.isExternal()) {
            // iBGP to iBGP: only a route reflector passes it on (RFC 4456 section 6).
            if (!best.from().rrClient() && !n.rrClient()) return null;
            attrs = attrs.reflected(best.from().remote().routerId(), clusterId != 0 ? clusterId : routerId);
        }
        if (!exportFilter.accept(this, n, best)) return null;
        if (n.isExternal()) return attrs.toExternal(asn, address(), best.isLocal());
        if (best.isLocal()) return PathAttributes.originated(address());
        return attrs;
    }

    /** Diffs what should now be advertised to {@code n} against what was, and returns the UPDATEs to send. */
    List<UpdateMessage> updatesFor(Neighbor n) {
        TreeMap<Cidr, PathAttributes> want = new TreeMap<>();
        for (BgpRoute best : bestRoutes()) {
            PathAttributes a = exportAttributes(n, best);
            if (a != null) want.put(best.prefix(), a);
        }
        TreeMap<Cidr, PathAttributes> sent = adjRibOut.get(n);
        List<Cidr> withdrawn = new ArrayList<>();
        for (Cidr p : sent.keySet()) if (!want.containsKey(p)) withdrawn.add(p);
        // One UPDATE per distinct attribute set, in the order of its first prefix.
        Map<PathAttributes, List<Cidr>> announce = new LinkedHashMap<>();
        for (Map.Entry<Cidr, PathAttributes> e : want.entrySet()) {
            if (!e.getValue().equals(sent.get(e.getKey()))) announce.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        }
        List<UpdateMessage> out = new ArrayList<>();
        if (!withdrawn.isEmpty()) out.add(UpdateMessage.withdraw(withdrawn));
        for (Map.Entry<PathAttributes, List<Cidr>> e : announce.entrySet()) out.add(UpdateMessage.announce(e.getKey(), e.getValue()));
        sent.clear();
        sent.putAll(want);
        return out;
    }

    /** Applies an UPDATE received from {@code from} to its Adj-RIB-In, discarding looped routes. */
    void receive(Neighbor from, UpdateMessage m) {
        TreeMap<Cidr, PathAttributes> in = adjRibIn.get(from);
        for (Cidr p : m.withdrawnRoutes()) in.remove(p);
        for (Cidr p : m.nlri()) {
            PathAttributes a = m.attributes();
            LoopRejection.Reason loop = null;
            if (from.isExternal()) {
                if (a.asPath().contains(asn)) loop = LoopRejection.Reason.AS_PATH;
            } else if (a.originatorId() == routerId) {
                loop = LoopRejection.Reason.ORIGINATOR_ID;
            } else if (isRouteReflector() && a.clusterList().contains(clusterId)) {
                loop = LoopRejection.Reason.CLUSTER_LIST;
            }
            if (loop != null) {
                in.remove(p);
                rejections.add(new LoopRejection(name, from.name(), p, loop));
                continue;
            }
            in.put(p, from.isExternal() ? a.withLocalPref(PathAttributes.DEFAULT_LOCAL_PREF) : a);
        }
    }

    @Override
    public String toString() {
        return name + " (" + Ip4.format(address()) + " AS" + asn + (isRouteReflector() ? ", route reflector " + Ip4.format(clusterId) : "") + ")";
    }
}
