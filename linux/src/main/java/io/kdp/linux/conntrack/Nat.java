package io.kdp.linux.conntrack;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookFunction;
import io.kdp.linux.netfilter.Verdict;

/**
 * PLACEHOLDER signatures owned by the conntrack work: the NAT core of one namespace (nf_nat_core.c,
 * nf_nat_proto.c, nf_nat_masquerade.c).
 */
public final class Nat {
    /**
     * Registers a NAT chain function (nf_nat_register_fn): it runs at {@code hook} only for a packet
     * whose connection is NEW and has no binding of that hook's manip type yet; when it sets no
     * binding, the core sets a null binding.
     */
    public void registerNatFunction(Hook hook, int priority, String owner, HookFunction function) {}

    /** Sets up a binding for the packet's connection (nf_nat_setup_info), as DNAT and SNAT targets do. */
    public Verdict setup(SkBuff skb, NatType type, NatRange range) {
        return Verdict.ACCEPT;
    }

    /**
     * MASQUERADE (nf_nat_masquerade_ipv4): SNAT to the address the out device would choose for the
     * next hop, remembering the device so the binding dies with it; drops when there is none.
     */
    public Verdict masquerade(SkBuff skb, NatRange range) {
        return Verdict.ACCEPT;
    }
}
