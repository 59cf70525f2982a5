package io.kdp.linux.tunnel;

/** A VXLAN device's {@code df} setting (IFLA_VXLAN_DF): what the outer IPv4 DF flag is. */
public enum Df {
    /** VXLAN_DF_UNSET, the default: DF clear. */
    UNSET,
    /** VXLAN_DF_SET: DF always set. */
    SET,
    /** VXLAN_DF_INHERIT: DF copied from the inner IPv4 header. */
    INHERIT
}
