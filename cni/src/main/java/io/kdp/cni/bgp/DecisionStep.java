package io.kdp.cni.bgp;

/**
 * The steps of route selection, in the order they are applied: BIRD's protocol preference, then
 * RFC 4271 section 9.1.2.2 with the RFC 4456 section 9 amendments (ORIGINATOR_ID in place of the
 * router ID, then the shorter CLUSTER_LIST).
 */
public enum DecisionStep {
    /** BIRD's protocol preference (static 200 > BGP 100 > kernel 10): a local route beats a learned one. */
    PREFERENCE,
    /** Highest LOCAL_PREF (9.1.1). */
    LOCAL_PREF,
    /** Shortest AS_PATH (9.1.2.2 a). */
    AS_PATH_LENGTH,
    /** Lowest ORIGIN (9.1.2.2 b). */
    ORIGIN,
    /** Lowest MED, only between routes from the same neighbouring AS (9.1.2.2 c). */
    MED,
    /** eBGP-learned over iBGP-learned (9.1.2.2 d). */
    EBGP_OVER_IBGP,
    /** Lowest IGP cost to the NEXT_HOP (9.1.2.2 e): every next hop is on the node network here, so always equal. */
    IGP_COST,
    /** Lowest BGP identifier, the ORIGINATOR_ID when present (9.1.2.2 f, RFC 4456 9). */
    ROUTER_ID,
    /** Shortest CLUSTER_LIST (RFC 4456 9). */
    CLUSTER_LIST_LENGTH,
    /** Lowest peer address (9.1.2.2 g). */
    PEER_ADDRESS,
    /** The same path. */
    EQUAL
}
