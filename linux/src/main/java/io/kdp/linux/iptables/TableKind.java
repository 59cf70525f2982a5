package io.kdp.linux.iptables;

import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Priority;
import java.util.List;

/**
 * The four IPv4 x_tables tables with their built-in chains (iptable_raw.c, iptable_mangle.c,
 * iptable_nat.c, iptable_filter.c) and the priority they hook in at.
 */
public enum TableKind {
    RAW("raw", Priority.RAW, List.of(Hook.PREROUTING, Hook.OUTPUT)),
    MANGLE("mangle", Priority.MANGLE, List.of(Hook.PREROUTING, Hook.INPUT, Hook.FORWARD, Hook.OUTPUT, Hook.POSTROUTING)),
    NAT("nat", Priority.NAT_DST, List.of(Hook.PREROUTING, Hook.INPUT, Hook.OUTPUT, Hook.POSTROUTING)),
    FILTER("filter", Priority.FILTER, List.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT));

    private final String tableName;
    private final int priority;
    private final List<Hook> hooks;

    TableKind(String name, int priority, List<Hook> hooks) {
        this.tableName = name;
        this.priority = priority;
        this.hooks = hooks;
    }

    /** The name after {@code -t} and {@code *}. */
    public String tableName() { return tableName; }

    /** Hook priority; for nat this is NAT_DST, and INPUT/POSTROUTING use {@link #priority(Hook)}. */
    public int priority() { return priority; }

    /** The priority at one hook: nat runs its SNAT hooks (INPUT, POSTROUTING) at NAT_SRC. */
    public int priority(Hook hook) {
        if (this == NAT && (hook == Hook.INPUT || hook == Hook.POSTROUTING)) return Priority.NAT_SRC;
        return priority;
    }

    /** Built-in chains in the order iptables-save lists them. */
    public List<Hook> hooks() { return hooks; }

    /** The hook owner name the trace shows, e.g. {@code iptables filter}. */
    public String owner() { return "iptables " + tableName; }

    public boolean has(Hook hook) { return hooks.contains(hook); }

    /** The table of this name, or null. */
    public static TableKind of(String name) {
        for (TableKind k : values()) if (k.tableName.equals(name)) return k;
        return null;
    }
}
