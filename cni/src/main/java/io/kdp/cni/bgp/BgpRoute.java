package io.kdp.cni.bgp;

import io.kdp.packet.Cidr;

/**
 * One path to a prefix in a speaker's RIB: either learned from a neighbor (its Adj-RIB-In
 * entry) or originated locally ({@code local} set, {@code from} null).
 *
 * @param prefix     destination
 * @param attributes the path attributes (for a local route, those it is originated with)
 * @param from       the neighbor (session) it was learned from, null for a local route
 * @param local      the local route, null for a learned one
 */
public record BgpRoute(Cidr prefix, PathAttributes attributes, Neighbor from, LocalRoute local) {
    public BgpRoute {
        if ((from == null) == (local == null)) throw new IllegalArgumentException("a route is either learned or local");
    }

    public boolean isLocal() {
        return local != null;
    }

    /** Learned over an external (eBGP) session. */
    public boolean isExternal() {
        return from != null && from.isExternal();
    }

    /** BIRD's protocol preference: the local route's, or 100 for BGP. */
    public int preference() {
        return local != null ? local.preference() : Neighbor.BGP_PREFERENCE;
    }

    /** The BGP identifier the tie-break compares: ORIGINATOR_ID if present (RFC 4456 9), else the peer's router ID. */
    public int routerIdForTieBreak() {
        return attributes.originatorId() != 0 ? attributes.originatorId() : from.remote().routerId();
    }
}
