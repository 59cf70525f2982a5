package io.kdp.linux.nftables;

import io.kdp.linux.netfilter.Hook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A chain (struct nft_chain): a regular chain reached by jump/goto, or a base chain attached to a
 * hook with a type, priority and policy.
 */
public final class NftChain {
    /** Base chain types. */
    public enum Type { FILTER, NAT, ROUTE;
        public String keyword() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    private final String name;
    final int handle;
    private final Type type;
    private final Hook hook;
    private final int priority;
    boolean policyDrop;
    String comment;
    final List<NftRule> rules = new ArrayList<>();
    /** How many rules and map elements jump or go here (the kernel's chain->use). */
    int use;

    NftChain(String name, int handle, Type type, Hook hook, int priority, boolean policyDrop) {
        this.name = name;
        this.handle = handle;
        this.type = type;
        this.hook = hook;
        this.priority = priority;
        this.policyDrop = policyDrop;
    }

    public String name() { return name; }

    /** Whether the chain is attached to a hook. */
    public boolean isBase() { return hook != null; }

    /** The base chain type, or null. */
    public Type type() { return type; }

    /** The hook, or null for a regular chain. */
    public Hook hook() { return hook; }

    public int priority() { return priority; }

    /** Whether the base chain's policy is drop. */
    public boolean policyDrop() { return policyDrop; }

    public String comment() { return comment; }

    public List<NftRule> rules() { return Collections.unmodifiableList(rules); }
}
