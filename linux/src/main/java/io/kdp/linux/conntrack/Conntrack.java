package io.kdp.linux.conntrack;

import io.kdp.linux.NetNamespace;

/** PLACEHOLDER owned by the conntrack work: the connection tracking table of one namespace. */
public final class Conntrack {
    private final NetNamespace ns;

    public Conntrack(NetNamespace ns) {
        this.ns = ns;
    }

    private final Nat nat = new Nat();

    /** The NAT core of this namespace. */
    public Nat nat() {
        return nat;
    }

    /** Registers conntrack's and NAT's hook functions with the namespace's netfilter. */
    public void registerHooks() {}

    public NetNamespace ns() {
        return ns;
    }
}
