package io.kdp.cni.bgp;

import io.kdp.linux.RouteType;
import io.kdp.packet.Ip4;
import java.util.List;
import java.util.Map;

/**
 * Prints a speaker as BIRD 2.0's {@code birdc} does (checked against bird2 2.0.12 with Calico's
 * configuration shape: static blackholes, kernel learn, iBGP full mesh and route reflection):
 * <pre>
 * BIRD 2.0.12 ready.
 * Table master4:
 * 10.244.3.0/26        unicast [Mesh_192_168_49_3 10:23:45.678] * (100) [i]
 * 	via 192.168.49.3 on eth0
 * 10.244.2.0/26        blackhole [static1 10:23:45.678] * (200)
 * </pre>
 * The prefix column is 20 wide; further paths to the same prefix leave it blank and have no
 * {@code *}; {@code from ADDR} appears when the neighbor is not the next hop (reflected routes);
 * the BGP suffix is {@code [i]}, or {@code [AS64513i]} with the origin AS. All times are the
 * given fixed timestamp. Differences from the real tool: BIRD lists prefixes in its hash order,
 * this prints them in address order; alternative paths follow the decision process order.
 */
public final class BirdShow {
    private BirdShow() {}

    /** What {@code birdc} prints on connecting. */
    public static final String BANNER = "BIRD 2.0.12 ready.";
    /** The timestamp printed for every route and protocol. */
    public static final String DEFAULT_SINCE = "10:23:45.678";

    /** One non-BGP protocol row of {@code show protocols}. */
    public record ProtocolRow(String name, String proto, String table) {}

    /** The protocols of Calico's bird.cfg besides BGP, in configuration order (bird_aggr.cfg's static first). */
    public static final List<ProtocolRow> CALICO_PROTOCOLS = List.of(new ProtocolRow("static1", "Static", "master4"),
        new ProtocolRow("kernel1", "Kernel", "master4"), new ProtocolRow("device1", "Device", "---"),
        new ProtocolRow("direct1", "Direct", "---"), new ProtocolRow("bfd1", "BFD", "---"));

    /** {@code birdc show route}. */
    public static String showRoute(BgpSpeaker s) {
        return showRoute(s, DEFAULT_SINCE, false);
    }

    /** {@code birdc show route all}: adds the route type and the BGP attributes of each path. */
    public static String showRouteAll(BgpSpeaker s) {
        return showRoute(s, DEFAULT_SINCE, true);
    }

    public static String showRoute(BgpSpeaker s, String since, boolean all) {
        StringBuilder sb = new StringBuilder(BANNER).append('\n').append("Table master4:\n");
        for (Map.Entry<io.kdp.packet.Cidr, List<BgpRoute>> e : s.locRib().entrySet()) {
            boolean first = true;
            for (BgpRoute r : e.getValue()) {
                appendRoute(sb, s, r, first ? e.getKey().toString() : "", first, since, all);
                first = false;
            }
        }
        return sb.toString();
    }

    private static void appendRoute(StringBuilder sb, BgpSpeaker s, BgpRoute r, String net, boolean best, String since, boolean all) {
        String kind = r.isLocal() && r.local().type() == RouteType.BLACKHOLE ? "blackhole" : "unicast";
        String proto = r.isLocal() ? r.local().protocol() : r.from().name();
        sb.append(String.format("%-20s %s [%s %s", net, kind, proto, since));
        PathAttributes a = r.attributes();
        if (!r.isLocal() && r.from().address() != a.nextHop()) sb.append(" from ").append(Ip4.format(r.from().address()));
        sb.append(']');
        if (best) sb.append(" *");
        sb.append(" (").append(r.preference()).append(')');
        if (!r.isLocal()) {
            sb.append(" [");
            long originAs = a.asPath().originAs();
            if (originAs >= 0) sb.append("AS").append(originAs);
            sb.append(a.origin().birdCode()).append(']');
        }
        sb.append('\n');
        if (r.isLocal()) {
            if (r.local().type() == RouteType.UNICAST) sb.append("\tdev ").append(r.local().dev()).append('\n');
        } else {
            sb.append("\tvia ").append(Ip4.format(a.nextHop())).append(" on ").append(s.uplink()).append('\n');
        }
        if (!all) return;
        if (r.isLocal()) {
            // Only the static protocol's lines are checked against the real tool.
            if (r.local().protocol().startsWith("static")) sb.append("\tType: static univ\n");
            return;
        }
        sb.append("\tType: BGP univ\n");
        sb.append("\tBGP.origin: ").append(a.origin().birdName()).append('\n');
        sb.append("\tBGP.as_path: ").append(a.asPath()).append('\n');
        sb.append("\tBGP.next_hop: ").append(Ip4.format(a.nextHop())).append('\n');
        if (a.hasMed()) sb.append("\tBGP.med: ").append(a.med()).append('\n');
        if (a.localPref() >= 0) sb.append("\tBGP.local_pref: ").append(a.localPref()).append('\n');
        if (a.originatorId() != 0) sb.append("\tBGP.originator_id: ").append(Ip4.format(a.originatorId())).append('\n');
        if (!a.clusterList().isEmpty()) {
            sb.append("\tBGP.cluster_list:");
            for (int id : a.clusterList()) sb.append(' ').append(Ip4.format(id));
            sb.append('\n');
        }
    }

    /** {@code birdc show protocols} with Calico's non-BGP protocols. */
    public static String showProtocols(BgpSpeaker s) {
        return showProtocols(s, CALICO_PROTOCOLS, DEFAULT_SINCE);
    }

    /**
     * {@code birdc show protocols}: the given protocols, then one BGP row per neighbor, every
     * session {@code up} / {@code Established}.
     */
    public static String showProtocols(BgpSpeaker s, List<ProtocolRow> others, String since) {
        StringBuilder sb = new StringBuilder(BANNER).append('\n');
        sb.append("Name       Proto      Table      State  Since         Info\n");
        for (ProtocolRow p : others) sb.append(row(p.name(), p.proto(), p.table(), since, "")).append('\n');
        // bgp_get_status: the state padded to 14, then any error text.
        for (Neighbor n : s.neighbors()) sb.append(row(n.name(), "BGP", "---", since, String.format("%-14s", "Established"))).append('\n');
        return sb.toString();
    }

    private static String row(String name, String proto, String table, String since, String info) {
        return String.format("%-10s %-10s %-10s %-6s %-12s  %s", name, proto, table, "up", since, info);
    }
}
