package io.kdp.linux.ipvs;

/** A real server's packet-forwarding method (IP_VS_CONN_F_FWD_MASK), as ipvsadm names and sets it. */
public enum ForwardMethod {
    /** NAT (IP_VS_CONN_F_MASQ): destination rewritten, replies un-NATed. kube-proxy's only method. */
    MASQ("Masq", "-m"),
    /** Direct routing (IP_VS_CONN_F_DROUTE). */
    ROUTE("Route", "-g"),
    /** IP-in-IP tunnelling (IP_VS_CONN_F_TUNNEL). */
    TUNNEL("Tunnel", "-i");

    private final String display;
    private final String option;

    ForwardMethod(String display, String option) {
        this.display = display;
        this.option = option;
    }

    /** The name {@code ipvsadm -L} prints in the Forward column (fwd_name). */
    public String display() { return display; }

    /** The ipvsadm option that selects it (fwd_switch). */
    public String option() { return option; }
}
