package io.kdp.linux.conntrack;

import io.kdp.linux.NetDevice;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.HookFunction;
import io.kdp.linux.netfilter.Priority;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The NAT core of one namespace (net/netfilter/nf_nat_core.c, nf_nat_proto.c,
 * nf_nat_masquerade.c). NAT chains (the iptables nat table, nftables {@code type nat} chains)
 * register with {@link #registerNatFunction}; the first registration installs the core's own hook
 * functions (nf_nat_ipv4_ops, owner {@value #OWNER}) at PREROUTING and OUTPUT (priority
 * {@link Priority#NAT_DST}, destination manip) and INPUT and POSTROUTING ({@link Priority#NAT_SRC},
 * source manip). For the first packet of a connection those run the registered chains until one
 * sets a binding, else set a null binding; every packet then gets the connection's bindings
 * applied (nf_nat_packet), inverted for replies. ICMP errors related to a connection are
 * translated inside and out (nf_nat_icmp_reply_translation).
 */
public final class Nat {
    /** Owner name of the core's hook functions in the netfilter registry and traces. */
    public static final String OWNER = "nat";

    private final Conntrack conntrack;
    private final Map<Hook, List<HookEntry>> functions = new EnumMap<>(Hook.class);
    private final BySource bySource = new BySource();
    private final NatTupleChooser chooser;
    private MasqueradeSource masqueradeSource = MasqueradeSource.NAMESPACE;
    private boolean coreRegistered;

    Nat(Conntrack conntrack) {
        this.conntrack = conntrack;
        this.chooser = new NatTupleChooser(conntrack, bySource);
        for (Hook h : Hook.values()) functions.put(h, new ArrayList<>());
    }

    /** Replaces how MASQUERADE selects its source address (tests; the default asks the namespace). */
    public void masqueradeSource(MasqueradeSource source) {
        this.masqueradeSource = source == null ? MasqueradeSource.NAMESPACE : source;
    }

    /**
     * Registers a NAT chain function (nf_nat_register_fn): it runs at {@code hook} only for a packet
     * whose connection is NEW (or RELATED) and has no binding of that hook's manip type yet, in
     * ascending {@code priority}; when none sets a binding, the core sets a null binding.
     *
     * @throws IllegalArgumentException for FORWARD, where NAT has no hook
     */
    public void registerNatFunction(Hook hook, int priority, String owner, HookFunction function) {
        if (hook == Hook.FORWARD) throw new IllegalArgumentException("NAT functions attach to PREROUTING, INPUT, OUTPUT or POSTROUTING, not FORWARD");
        List<HookEntry> list = functions.get(hook);
        list.add(new HookEntry(hook, priority, owner, function));
        list.sort(Comparator.comparingInt(HookEntry::priority)); // stable: ties keep registration order
        if (!coreRegistered) {
            var nf = conntrack.ns().netfilter();
            nf.register(new HookEntry(Hook.PREROUTING, Priority.NAT_DST, OWNER, this::natHook));
            nf.register(new HookEntry(Hook.POSTROUTING, Priority.NAT_SRC, OWNER, this::natHook));
            nf.register(new HookEntry(Hook.OUTPUT, Priority.NAT_DST, OWNER, this::natHook));
            nf.register(new HookEntry(Hook.INPUT, Priority.NAT_SRC, OWNER, this::natHook));
            coreRegistered = true;
        }
    }

    /** Removes every NAT function of {@code owner}; the core's hooks go when the last one does (nf_nat_unregister_fn). */
    public void unregisterNatFunctions(String owner) {
        boolean any = false;
        for (List<HookEntry> l : functions.values()) {
            l.removeIf(e -> e.owner().equals(owner));
            any |= !l.isEmpty();
        }
        if (!any && coreRegistered) {
            conntrack.ns().netfilter().unregister(OWNER);
            coreRegistered = false;
        }
    }

    /** The NAT functions registered at a hook, in the order they run. */
    public List<HookEntry> natFunctions(Hook hook) {
        return List.copyOf(functions.get(hook));
    }

    /** HOOK2MANIP: PREROUTING and OUTPUT rewrite the destination, INPUT and POSTROUTING the source. */
    public static NatType manipOf(Hook hook) {
        return switch (hook) {
            case PREROUTING, OUTPUT -> NatType.DST;
            case INPUT, POSTROUTING -> NatType.SRC;
            case FORWARD -> throw new IllegalArgumentException("no NAT manip at FORWARD");
        };
    }

    /** nf_nat_initialized: whether the binding of this manip type is set up (possibly null). */
    public static boolean initialized(ConntrackEntry ct, NatType manip) {
        return ct.has(manip == NatType.SRC ? CtStatus.SRC_NAT_DONE : CtStatus.DST_NAT_DONE);
    }

    /**
     * The core's hook function (nf_nat_ipv4_fn and nf_nat_inet_fn). The stack must route again
     * after PREROUTING and OUTPUT when the destination changed (skb_dst_drop, ip_route_me_harder).
     */
    public Verdict natHook(SkBuff skb, Hook hook) {
        ConntrackEntry ct = skb.ct();
        if (ct == null) return Verdict.ACCEPT; // untracked or invalid: nothing to do
        CtInfo info = skb.ctInfo();
        if ((info == CtInfo.RELATED || info == CtInfo.RELATED_REPLY) && skb.packet().protocol() == IpProtocol.ICMP) {
            return icmpReplyTranslation(skb, ct, info, hook);
        }
        NatType manip = manipOf(hook);
        switch (info) {
            case RELATED, RELATED_REPLY, NEW -> {
                if (!initialized(ct, manip)) {
                    for (HookEntry e : functions.get(hook)) {
                        Verdict v = e.function().apply(skb, hook);
                        if (v != Verdict.ACCEPT) return v;
                        if (initialized(ct, manip)) return natPacket(skb, ct, info, hook);
                    }
                    nullBinding(ct, manip);
                } else if (oifChanged(skb, ct, info, hook)) {
                    return oifChangedDrop(skb, ct);
                }
            }
            default -> {
                if (oifChanged(skb, ct, info, hook)) return oifChangedDrop(skb, ct);
            }
        }
        return natPacket(skb, ct, info, hook);
    }

    /** nf_nat_oif_changed: a masqueraded connection's packets now leave by another device. */
    private static boolean oifChanged(SkBuff skb, ConntrackEntry ct, CtInfo info, Hook hook) {
        return hook == Hook.POSTROUTING && !info.isReply() && ct.masqIndex() != 0 && skb.outDev() != null
                && skb.outDev().ifindex() != ct.masqIndex();
    }

    private Verdict oifChangedDrop(SkBuff skb, ConntrackEntry ct) {
        conntrack.kill(ct);
        return skb.drop("masqueraded connection now leaves by " + skb.outName() + ", not ifindex " + ct.masqIndex());
    }

    /** nf_nat_alloc_null_binding: map to the address the connection already has, so the tuple stays unique. */
    private void nullBinding(ConntrackEntry ct, NatType manip) {
        int ip = manip == NatType.SRC ? ct.reply().dst() : ct.reply().src();
        setupInfo(ct, new NatRange(ip, ip, 0, 0, false, false, false), manip);
    }

    /**
     * Sets up a binding for the packet's connection (nf_nat_setup_info), as DNAT and SNAT targets
     * do: picks a unique tuple in {@code range} and alters the reply tuple so replies are recognised.
     */
    public Verdict setup(SkBuff skb, NatType type, NatRange range) {
        ConntrackEntry ct = skb.ct();
        if (ct == null) return Verdict.ACCEPT;
        if (initialized(ct, type)) return skb.drop("NAT: " + type + " binding already set up for this connection");
        setupInfo(ct, range, type);
        return Verdict.ACCEPT;
    }

    /**
     * MASQUERADE (nf_nat_masquerade_ipv4): SNAT to the address the out device would choose for the
     * next hop, remembering the device so the binding dies with it; drops when there is none.
     * Needs {@code skb.outDev()} and {@code skb.nextHop()} (0 = on-link, the destination is the next hop).
     */
    public Verdict masquerade(SkBuff skb, NatRange range) {
        ConntrackEntry ct = skb.ct();
        if (ct == null) return Verdict.ACCEPT;
        // Source 0.0.0.0: a locally generated packet that is probably not supposed to be masqueraded.
        if (ct.original().src() == 0) return Verdict.ACCEPT;
        NetDevice out = skb.outDev();
        if (out == null) return skb.drop("MASQUERADE without an output device");
        if (initialized(ct, NatType.SRC)) return skb.drop("NAT: SRC binding already set up for this connection");
        int nextHop = skb.nextHop() != 0 ? skb.nextHop() : skb.packet().dst();
        int newSrc = masqueradeSource.select(out, nextHop);
        if (newSrc == 0) return skb.drop("no address on " + out.name());
        ct.masqIndex(out.ifindex());
        setupInfo(ct, new NatRange(newSrc, newSrc, range.minPort(), range.maxPort(), range.random(), range.randomFully(),
                range.persistent()), NatType.SRC);
        return Verdict.ACCEPT;
    }

    /** nf_nat_setup_info. */
    private void setupInfo(ConntrackEntry ct, NatRange range, NatType manip) {
        ConntrackTuple current = ct.reply().invert();
        ConntrackTuple chosen = chooser.choose(current, range, ct, manip);
        if (!chosen.equals(current)) {
            ct.reply(chosen.invert());
            ct.set(manip == NatType.SRC ? CtStatus.SRC_NAT : CtStatus.DST_NAT);
        }
        ct.set(manip == NatType.SRC ? CtStatus.SRC_NAT_DONE : CtStatus.DST_NAT_DONE);
    }

    /** nf_nat_packet: apply the binding of this hook's manip type, inverted in the reply direction. */
    private Verdict natPacket(SkBuff skb, ConntrackEntry ct, CtInfo info, Hook hook) {
        NatType manip = manipOf(hook);
        CtDirection dir = CtDirection.of(info);
        int statusBit = manip == NatType.SRC ? CtStatus.SRC_NAT : CtStatus.DST_NAT;
        if (dir == CtDirection.REPLY) statusBit ^= CtStatus.NAT_MASK;
        if ((ct.status() & statusBit) == 0) return Verdict.ACCEPT;
        // nf_nat_manip_pkt: aim to look like the inverse of the other direction.
        ConntrackTuple target = ct.tuple(dir.other()).invert();
        Packet before = skb.packet();
        Packet after = NatManip.apply(before, target, manip);
        skb.packet(after);
        trace(skb, label(ct, manip, dir), before, after, manip);
        return Verdict.ACCEPT;
    }

    /** nf_nat_icmp_reply_translation. */
    private Verdict icmpReplyTranslation(SkBuff skb, ConntrackEntry ct, CtInfo info, Hook hook) {
        Packet p = skb.packet();
        IcmpHeader icmp = p.icmp();
        if (icmp == null || !(p.payload() instanceof Payload.IcmpQuote)) return skb.drop("NAT: ICMP error without a quoted packet");
        CtDirection dir = CtDirection.of(info);
        NatType manip = manipOf(hook);
        if (icmp.type() == IcmpHeader.REDIRECT) {
            if ((ct.status() & CtStatus.NAT_DONE_MASK) != CtStatus.NAT_DONE_MASK || (ct.status() & CtStatus.NAT_MASK) != 0) {
                return skb.drop("NAT: ICMP redirect for a NATed connection");
            }
        }
        int statusBit = manip == NatType.SRC ? CtStatus.SRC_NAT : CtStatus.DST_NAT;
        if (dir == CtDirection.REPLY) statusBit ^= CtStatus.NAT_MASK;
        if ((ct.status() & statusBit) == 0) return Verdict.ACCEPT;
        Packet after = NatManip.translateIcmpError(p, ct, dir, manip);
        skb.packet(after);
        trace(skb, label(ct, manip, dir) + " (ICMP error)", p, after, manip);
        return Verdict.ACCEPT;
    }

    /** How the trace names a rewrite: SNAT/MASQUERADE/DNAT forwards, un-DNAT/un-SNAT on replies. */
    static String label(ConntrackEntry ct, NatType manip, CtDirection dir) {
        if (dir == CtDirection.ORIGINAL) {
            if (manip == NatType.DST) return "DNAT";
            return ct.masqIndex() != 0 ? "MASQUERADE" : "SNAT";
        }
        // In the reply direction a source rewrite undoes DNAT and a destination rewrite undoes SNAT.
        return manip == NatType.SRC ? "un-DNAT" : "un-SNAT";
    }

    private void trace(SkBuff skb, String type, Packet before, Packet after, NatType manip) {
        var tracer = conntrack.ns().tracer();
        if (!tracer.enabled()) return;
        tracer.step(conntrack.ns().name(), new Step.Nat(type, NatManip.endpoint(before, manip), NatManip.endpoint(after, manip)));
    }

    /**
     * The masquerade device notifier (masq_device_event, NETDEV_DOWN): connections masqueraded out
     * of the device are removed. Returns how many.
     */
    public int deviceDown(NetDevice dev) {
        int ifindex = dev.ifindex();
        return conntrack.delete(e -> e.masqIndex() == ifindex);
    }

    /**
     * The masquerade address notifier (masq_inet_event, NETDEV_DOWN of an address): connections
     * masqueraded out of the device to that address are removed. Returns how many.
     */
    public int addressRemoved(NetDevice dev, int address) {
        int ifindex = dev.ifindex();
        return conntrack.delete(e -> e.masqIndex() == ifindex && e.reply().dst() == address);
    }

    /** A confirmed connection with a source binding joins nf_nat_bysource. */
    void confirmed(ConntrackEntry e) {
        if (e.has(CtStatus.SRC_NAT_DONE)) bySource.add(e);
    }

    /** nf_nat_cleanup_conntrack. */
    void forget(ConntrackEntry e) {
        if (e.has(CtStatus.SRC_NAT_DONE)) bySource.remove(e);
    }
}
