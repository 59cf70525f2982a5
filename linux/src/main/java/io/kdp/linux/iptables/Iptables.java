package io.kdp.linux.iptables;

import io.kdp.linux.NetNamespace;

/** PLACEHOLDER owned by the iptables work: the x_tables of one namespace (raw, mangle, nat, filter). */
public final class Iptables {
    private final NetNamespace ns;

    public Iptables(NetNamespace ns) {
        this.ns = ns;
    }

    public NetNamespace ns() {
        return ns;
    }
}
