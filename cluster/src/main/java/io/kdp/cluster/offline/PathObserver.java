package io.kdp.cluster.offline;

import io.kdp.linux.LoopbackDevice;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.Netfilter;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;

/**
 * Watches the traced packet on the synthetic node through hook functions of its own, so that the
 * kernel path itself stays untouched: one that runs first at every hook and keeps the packet's
 * current skb (its mark, conntrack entry and REJECT flag are read at the end), and two that run
 * last, after conntrack confirmation, where the path ends well: at INPUT the packet is taken as a
 * socket would take it (no listener is needed, so no reset or port-unreachable is generated), at
 * POSTROUTING a packet leaving through a real device has left the node.
 */
final class PathObserver {
    /** Owner name of the observer's hook functions (seen in {@code hook ...} trace steps only). */
    static final String OWNER = "kdp offline trace";

    private SkBuff current;
    private boolean tracing;
    private String ending;
    private int endMark;

    void register(Netfilter netfilter) {
        for (Hook h : Hook.values()) netfilter.register(new HookEntry(h, Integer.MIN_VALUE, OWNER, this::watch));
        netfilter.register(new HookEntry(Hook.INPUT, Integer.MAX_VALUE, OWNER, this::input));
        netfilter.register(new HookEntry(Hook.POSTROUTING, Integer.MAX_VALUE, OWNER, this::postrouting));
    }

    /** The traced packet's skb when last seen (a packet sent to itself gets a new one after lo), or null. */
    SkBuff current() { return current; }

    /** Where the packet ended well ({@code accepted at INPUT ...}, {@code forwarded out eth0}), or null if it did not. */
    String ending() { return ending; }

    /** The mark when it ended well. */
    int endMark() { return endMark; }

    /**
     * Whether the hook traversal under way is the traced packet's. The watcher runs first at every
     * hook, so the rule steps up to the next traversal are this packet's; a packet generated in
     * answer (REJECT's ICMP error) starts a traversal of its own, after which the traced packet,
     * having been rejected, goes no further.
     */
    boolean tracing() { return tracing; }

    private Verdict watch(SkBuff skb, Hook hook) {
        tracing = traced(skb.packet());
        if (tracing) current = skb;
        return Verdict.ACCEPT;
    }

    private Verdict input(SkBuff skb, Hook hook) {
        if (!traced(skb.packet())) return Verdict.ACCEPT;
        end(skb, "accepted at INPUT: delivered locally");
        return Verdict.STOLEN;
    }

    private Verdict postrouting(SkBuff skb, Hook hook) {
        if (!traced(skb.packet()) || skb.outDev() instanceof LoopbackDevice) return Verdict.ACCEPT;
        end(skb, (skb.inDev() != null ? "forwarded out " : "sent out ") + skb.outName());
        return Verdict.ACCEPT;
    }

    private void end(SkBuff skb, String where) {
        current = skb;
        if (ending == null) {
            ending = where;
            endMark = skb.mark();
        }
    }

    /** The traced packet, not an ICMP error or TCP reset the stack generated in answer to it. */
    private static boolean traced(Packet p) {
        if (p.ipv4().id() != TracePacket.IP_ID) return false;
        IcmpHeader icmp = p.icmp();
        if (icmp != null && icmp.isError()) return false;
        TcpHeader tcp = p.tcp();
        return tcp == null || !tcp.has(TcpHeader.RST);
    }
}
