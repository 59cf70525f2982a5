package io.kdp.linux.iptables;

import io.kdp.linux.NetDevice;
import io.kdp.linux.RouteType;
import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.NatRange;
import io.kdp.linux.conntrack.NatType;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.HookFunction;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Tracer;

/**
 * Everything the x_tables code asks of the rest of the namespace. {@link NamespaceEnvironment}
 * answers from a {@link io.kdp.linux.NetNamespace}; tests supply their own to evaluate chains
 * without the stack.
 */
public interface XtEnvironment {
    /** The namespace name trace steps are recorded under. */
    String host();

    Tracer tracer();

    /** Virtual time in nanoseconds ({@code recent} timestamps). */
    long nanos();

    /** 32 random bits (get_random_u32), as {@code statistic --mode random} draws them. */
    int random32();

    /**
     * inet_addr_type / inet_dev_addr_type: the route type of {@code ip}, restricted to {@code dev}
     * when it is not null ({@code addrtype --limit-iface-in/out}).
     */
    RouteType addressType(int ip, NetDevice dev);

    /** REJECT with an ICMP error (nf_send_unreach). */
    void sendIcmpError(SkBuff skb, int type, int code);

    /** REJECT --reject-with tcp-reset (nf_send_reset). */
    void sendTcpReset(SkBuff skb);

    /** DNAT / SNAT / REDIRECT: nf_nat_setup_info. */
    Verdict natSetup(SkBuff skb, NatType type, NatRange range);

    /** MASQUERADE: nf_nat_masquerade_ipv4. */
    Verdict masquerade(SkBuff skb, NatRange range);

    /**
     * REDIRECT's new destination (nf_nat_redirect_ipv4): 127.0.0.1 for locally generated packets,
     * else the primary address of the incoming device; 0 when it has none (the packet is dropped).
     */
    int redirectAddress(SkBuff skb, Hook hook);

    /** Registers a table's hook function with netfilter. */
    void registerHook(HookEntry entry);

    /** Registers the nat table's chain function with the NAT core (nf_nat_register_fn). */
    void registerNatFunction(Hook hook, int priority, String owner, HookFunction function);

    /** A rule needs connection tracking (nf_ct_netns_get): turns it on in the namespace. */
    default void requireConntrack() {}
}
