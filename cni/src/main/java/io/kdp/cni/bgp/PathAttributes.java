package io.kdp.cni.bgp;

import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.List;

/**
 * The path attributes of one route as an UPDATE carries them (RFC 4271 section 5, RFC 4456
 * section 8).
 *
 * @param origin       ORIGIN (well-known mandatory)
 * @param asPath       AS_PATH (well-known mandatory)
 * @param nextHop      NEXT_HOP (well-known mandatory), an IPv4 address
 * @param med          MULTI_EXIT_DISC, or -1 when absent (treated as 0 when compared, as BIRD does)
 * @param localPref    LOCAL_PREF, or -1 when absent (on eBGP sessions); iBGP routes carry it
 * @param originatorId ORIGINATOR_ID set by the first route reflector, 0 when absent
 * @param clusterList  CLUSTER_LIST, the most recent reflector's cluster ID first
 */
public record PathAttributes(Origin origin, AsPath asPath, int nextHop, long med, long localPref, int originatorId,
                             List<Integer> clusterList) {
    /** RFC 4271 leaves the default LOCAL_PREF to the operator; BIRD and Calico use 100. */
    public static final long DEFAULT_LOCAL_PREF = 100;

    public PathAttributes {
        if (origin == null) throw new IllegalArgumentException("ORIGIN is mandatory");
        if (asPath == null) throw new IllegalArgumentException("AS_PATH is mandatory");
        if (med < -1 || med > 0xffff_ffffL) throw new IllegalArgumentException("MED " + med + " is not a 32-bit value");
        if (localPref < -1 || localPref > 0xffff_ffffL) throw new IllegalArgumentException("LOCAL_PREF " + localPref + " is not a 32-bit value");
        clusterList = List.copyOf(clusterList);
    }

    /** The attributes of a route a speaker originates itself towards iBGP peers: IGP origin, empty AS_PATH, LOCAL_PREF 100. */
    public static PathAttributes originated(int nextHop) {
        return new PathAttributes(Origin.IGP, AsPath.EMPTY, nextHop, -1, DEFAULT_LOCAL_PREF, 0, List.of());
    }

    public boolean hasMed() {
        return med >= 0;
    }

    /** MED for comparison: a missing MED is the lowest (RFC 4271 9.1.2.2 c, BIRD's default). */
    public long medOrZero() {
        return med < 0 ? 0 : med;
    }

    public PathAttributes withNextHop(int nh) {
        return new PathAttributes(origin, asPath, nh, med, localPref, originatorId, clusterList);
    }

    public PathAttributes withMed(long m) {
        return new PathAttributes(origin, asPath, nextHop, m, localPref, originatorId, clusterList);
    }

    public PathAttributes withLocalPref(long lp) {
        return new PathAttributes(origin, asPath, nextHop, med, lp, originatorId, clusterList);
    }

    public PathAttributes withOrigin(Origin o) {
        return new PathAttributes(o, asPath, nextHop, med, localPref, originatorId, clusterList);
    }

    public PathAttributes withAsPath(AsPath p) {
        return new PathAttributes(origin, p, nextHop, med, localPref, originatorId, clusterList);
    }

    /**
     * The attributes as a route reflector sends them (RFC 4456 section 8): ORIGINATOR_ID set to
     * the router ID of the peer the route came from unless already present, and the reflector's
     * CLUSTER_ID prepended to CLUSTER_LIST. NEXT_HOP and the rest are unchanged.
     */
    public PathAttributes reflected(int fromRouterId, int clusterId) {
        List<Integer> cl = new ArrayList<>(clusterList.size() + 1);
        cl.add(clusterId);
        cl.addAll(clusterList);
        return new PathAttributes(origin, asPath, nextHop, med, localPref, originatorId != 0 ? originatorId : fromRouterId, cl);
    }

    /**
     * The attributes as sent to an external peer (RFC 4271 5.1): local AS prepended, NEXT_HOP set
     * to the local address, LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST removed; a MED learned from
     * another AS is not passed on (5.1.4).
     */
    public PathAttributes toExternal(long localAs, int localAddress, boolean keepMed) {
        return new PathAttributes(origin, asPath.prepend(localAs), localAddress, keepMed ? med : -1, -1, 0, List.of());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("origin ").append(origin.birdName()).append(", as_path [").append(asPath).append("], next_hop ")
            .append(Ip4.format(nextHop));
        if (hasMed()) sb.append(", med ").append(med);
        if (localPref >= 0) sb.append(", local_pref ").append(localPref);
        if (originatorId != 0) sb.append(", originator_id ").append(Ip4.format(originatorId));
        if (!clusterList.isEmpty()) {
            sb.append(", cluster_list [");
            for (int i = 0; i < clusterList.size(); i++) sb.append(i > 0 ? " " : "").append(Ip4.format(clusterList.get(i)));
            sb.append(']');
        }
        return sb.toString();
    }
}
