package io.kdp.linux.conntrack;

/** enum nf_nat_manip_type: which end of the connection a NAT binding rewrites. */
public enum NatType {
    /** Source NAT (SNAT, MASQUERADE), applied at POSTROUTING and INPUT. */
    SRC,
    /** Destination NAT (DNAT, REDIRECT), applied at PREROUTING and OUTPUT. */
    DST
}
