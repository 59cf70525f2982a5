package io.kdp.linux.iptables;

import io.kdp.linux.netfilter.Hook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A chain: built-in (bound to a hook, with a policy and policy counters) or user-defined (falling
 * off its end returns to the caller).
 */
public final class Chain {
    private final String name;
    private final Hook hook;
    StandardTarget policy;
    long policyPackets, policyBytes;
    final List<Rule> rules;
    /** Compiled: the rules as an array and the chain's index in its table. */
    Rule[] compiled = new Rule[0];
    int index;

    Chain(String name, Hook hook, StandardTarget policy) {
        this.name = name;
        this.hook = hook;
        this.policy = policy;
        this.rules = new ArrayList<>();
    }

    /** A copy for staging a restore: same rules (and so the same rule counters), its own list. */
    Chain copy() {
        Chain c = new Chain(name, hook, policy);
        c.policyPackets = policyPackets;
        c.policyBytes = policyBytes;
        c.rules.addAll(rules);
        return c;
    }

    public String name() { return name; }

    /** The hook of a built-in chain, null for a user chain. */
    public Hook hook() { return hook; }

    public boolean builtin() { return hook != null; }

    /** ACCEPT or DROP for a built-in chain, null for a user chain. */
    public StandardTarget policy() { return policy; }

    public long policyPackets() { return policyPackets; }

    public long policyBytes() { return policyBytes; }

    public List<Rule> rules() { return Collections.unmodifiableList(rules); }
}
