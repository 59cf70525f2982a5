package io.kdp.linux.conntrack;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.Netfilter;
import io.kdp.linux.netfilter.Priority;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.Tracer;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import java.util.List;
import java.util.function.Predicate;

/**
 * Connection tracking of one network namespace (net/netfilter/nf_conntrack_core.c). Its hook
 * functions, registered by {@link #registerHooks()} under the owner {@value #OWNER}:
 * <ul>
 *   <li>{@link #conntrackIn} at PREROUTING and OUTPUT, priority {@link Priority#CONNTRACK}
 *       (nf_conntrack_in): attaches the packet's entry and {@link CtInfo}, creating an unconfirmed
 *       entry for a new connection, or leaves the packet without one (INVALID);</li>
 *   <li>{@link #confirm} at INPUT and POSTROUTING, priority {@link Priority#CONNTRACK_CONFIRM}
 *       (nf_conntrack_confirm): puts a new connection whose first packet survived into the table.</li>
 * </ul>
 * {@link #list()} prints the table as {@code conntrack -L} does.
 */
public final class Conntrack {
    /** Owner name of the conntrack hook functions in the netfilter registry and traces. */
    public static final String OWNER = "conntrack";
    /** The conntrack-tools version whose output is reproduced. */
    public static final String TOOL_VERSION = "1.4.7";

    private final NetNamespace ns;
    private final ConntrackTable table;
    private final Nat nat;

    public Conntrack(NetNamespace ns) {
        this.ns = ns;
        this.nat = new Nat(this);
        this.table = new ConntrackTable(nat::forget);
    }

    /** The NAT core of this namespace. */
    public Nat nat() {
        return nat;
    }

    public NetNamespace ns() {
        return ns;
    }

    private boolean hooksRegistered;

    /** Whether conntrack's hooks run in this namespace. */
    public boolean enabled() {
        return hooksRegistered;
    }

    ConntrackTable table() {
        return table;
    }

    /** Registers conntrack's hook functions with the namespace's netfilter (NAT's come with the first NAT chain). */
    public void registerHooks() {
        // nf_ct_netns_get: conntrack runs in a namespace only once something there needs it
        // (a NAT table, a conntrack/state match, a CT target, IPVS with vs/conntrack); idempotent.
        if (hooksRegistered) return;
        hooksRegistered = true;
        Netfilter nf = ns.netfilter();
        nf.register(new HookEntry(Hook.PREROUTING, Priority.CONNTRACK, OWNER, this::conntrackIn));
        nf.register(new HookEntry(Hook.OUTPUT, Priority.CONNTRACK, OWNER, this::conntrackIn));
        nf.register(new HookEntry(Hook.INPUT, Priority.CONNTRACK_CONFIRM, OWNER, this::confirm));
        nf.register(new HookEntry(Hook.POSTROUTING, Priority.CONNTRACK_CONFIRM, OWNER, this::confirm));
    }

    /**
     * nf_conntrack_in: looks the packet's tuple up in both directions, creates an unconfirmed entry
     * for a new connection, runs the protocol tracker and attaches entry and {@link CtInfo} to the
     * skb. Packets the tracker refuses, ICMP errors about unknown connections and untrackable
     * packets get no entry (the INVALID state). Always accepts.
     */
    public Verdict conntrackIn(SkBuff skb, Hook hook) {
        if (skb.ct() != null) return Verdict.ACCEPT; // already tracked (looped back)
        Packet p = skb.packet();
        Tracer tracer = ns.tracer();
        if (skb.untracked()) {
            if (tracer.enabled()) tracer.step(ns.name(), new Step.Conntrack("UNTRACKED", describe(p)));
            return Verdict.ACCEPT;
        }
        int proto = p.protocol();
        if ((proto == IpProtocol.TCP && p.tcp() == null) || (proto == IpProtocol.UDP && p.udp() == null)
                || (proto == IpProtocol.ICMP && p.icmp() == null)) {
            return invalid(skb, "short packet");
        }
        long now = ns.clock().nanos();
        if (proto == IpProtocol.ICMP) {
            IcmpHeader icmp = p.icmp();
            if (icmp.type() > IcmpTracker.MAX_TYPE) return invalid(skb, "invalid icmp type");
            if (icmp.isError()) return icmpError(skb, p, now);
        }
        while (true) {
            ConntrackTuple tuple = ConntrackTuple.of(p);
            ConntrackEntry ct = table.find(tuple, now);
            CtInfo info;
            if (ct == null) {
                ConntrackTuple reply = tuple.invert();
                if (reply == null) return invalid(skb, "can't invert tuple"); // init_conntrack fails: no entry
                ct = new ConntrackEntry(tuple, reply, now);
                info = CtInfo.NEW;
            } else if (ct.original().equals(tuple)) {
                info = ct.has(CtStatus.SEEN_REPLY) ? CtInfo.ESTABLISHED : ct.has(CtStatus.EXPECTED) ? CtInfo.RELATED : CtInfo.NEW;
            } else {
                info = CtInfo.ESTABLISHED_REPLY;
            }
            TrackResult result = switch (proto) {
                case IpProtocol.TCP -> TcpTracker.packet(ct, p, CtDirection.of(info), now, ns.sysctls());
                case IpProtocol.UDP -> UdpTracker.packet(ct, now);
                case IpProtocol.ICMP -> IcmpTracker.packet(ct, now);
                default -> GenericTracker.packet(ct, now);
            };
            if (result.kind() == TrackResult.Kind.REPEAT) {
                kill(ct); // a SYN reopening a closed connection: forget it and look again
                continue;
            }
            if (result.kind() == TrackResult.Kind.INVALID) return invalid(skb, result.reason());
            if (info == CtInfo.ESTABLISHED_REPLY) ct.set(CtStatus.SEEN_REPLY);
            skb.ct(ct, info);
            if (ct.has(CtStatus.DYING)) kill(ct); // e.g. a RST answered the first packet
            if (tracer.enabled()) {
                String text = ct.format(now) + (result.reason() == null ? "" : " (" + result.reason() + ")");
                tracer.step(ns.name(), new Step.Conntrack(stateName(info), text));
            }
            return Verdict.ACCEPT;
        }
    }

    /**
     * nf_conntrack_inet_error: an ICMP error is RELATED to the connection of the packet it quotes
     * (its tuple inverted), provided the outer destination is that direction's destination.
     */
    private Verdict icmpError(SkBuff skb, Packet p, long now) {
        if (!(p.payload() instanceof Payload.IcmpQuote quote)) return invalid(skb, "icmp error without a quoted packet");
        ConntrackTuple quoted = ConntrackTuple.of(quote.original());
        ConntrackTuple inner = quoted.invert();
        if (inner == null) return invalid(skb, "icmp error quoting an untrackable packet");
        ConntrackEntry ct = table.find(inner, now);
        if (ct == null) return invalid(skb, "icmp error for no known connection");
        CtDirection dir = ct.original().equals(inner) ? CtDirection.ORIGINAL : CtDirection.REPLY;
        int ctDaddr = ct.tuple(dir).dst();
        if (p.dst() != ctDaddr) {
            return invalid(skb, "outer daddr " + Ip4.format(p.dst()) + " != inner " + Ip4.format(ctDaddr));
        }
        CtInfo info = dir == CtDirection.REPLY ? CtInfo.RELATED_REPLY : CtInfo.RELATED;
        skb.ct(ct, info);
        Tracer tracer = ns.tracer();
        if (tracer.enabled()) tracer.step(ns.name(), new Step.Conntrack(stateName(info), ct.format(now)));
        return Verdict.ACCEPT;
    }

    private Verdict invalid(SkBuff skb, String reason) {
        skb.ct(null, null);
        Tracer tracer = ns.tracer();
        if (tracer.enabled()) tracer.step(ns.name(), new Step.Conntrack("INVALID", describe(skb.packet()) + " (" + reason + ")"));
        return Verdict.ACCEPT;
    }

    /** The trace's state name: NEW, ESTABLISHED, RELATED, with " reply" in the reply direction. */
    static String stateName(CtInfo info) {
        return info.isReply() ? info.ctstate() + " reply" : info.ctstate();
    }

    /** A packet's tuple in {@code conntrack -L} style, for packets that have no entry. */
    private static String describe(Packet p) {
        StringBuilder sb = new StringBuilder();
        String name = ConntrackEntry.protoName(p.protocol());
        sb.append(name);
        for (int i = name.length(); i < 8; i++) sb.append(' ');
        sb.append(' ').append(p.protocol()).append(' ');
        ConntrackTuple.of(p).appendTo(sb);
        return sb.substring(0, sb.length() - 1);
    }

    /**
     * nf_conntrack_confirm: a new connection whose first packet got this far enters the table; its
     * timeout starts now. A clash with an entry inserted meanwhile is resolved as
     * nf_ct_resolve_clash does: for UDP the packet adopts an identical existing entry, otherwise
     * the packet is dropped.
     */
    public Verdict confirm(SkBuff skb, Hook hook) {
        ConntrackEntry ct = skb.ct();
        if (ct == null || ct.confirmed() || skb.ctInfo().isReply()) return Verdict.ACCEPT;
        if (ct.has(CtStatus.DYING)) return skb.drop("conntrack entry died before it was confirmed");
        long now = ns.clock().nanos();
        ConntrackEntry clash = table.find(ct.original(), now);
        if (clash == null) clash = table.find(ct.reply(), now);
        if (clash != null) return resolveClash(skb, ct, clash);
        ct.confirm(now);
        table.insert(ct);
        nat.confirmed(ct);
        return Verdict.ACCEPT;
    }

    private Verdict resolveClash(SkBuff skb, ConntrackEntry loser, ConntrackEntry winner) {
        boolean allowClash = loser.protocol() == IpProtocol.UDP; // l4proto->allow_clash
        if (allowClash && !winner.has(CtStatus.DYING) && winner.original().equals(loser.original())
                && winner.reply().equals(loser.reply())) {
            skb.ct(winner, skb.ctInfo());
            return Verdict.ACCEPT;
        }
        return skb.drop("conntrack insert failed: clash with " + winner.original());
    }

    /** The live entry that has {@code tuple} in either direction, or null. */
    public ConntrackEntry find(ConntrackTuple tuple) {
        return table.find(tuple, ns.clock().nanos());
    }

    /** The confirmed entries, oldest first, after removing expired ones. */
    public List<ConntrackEntry> entries() {
        expire();
        return table.entries();
    }

    /** Number of live entries ({@code conntrack -C}). */
    public int count() {
        expire();
        return table.size();
    }

    /**
     * {@code conntrack -L}: one line per entry, each ending in a newline, as the tool writes to
     * stdout. The tool's closing line goes to stderr: see {@link #summary(int)}.
     */
    public String list() {
        long now = ns.clock().nanos();
        StringBuilder sb = new StringBuilder();
        for (ConntrackEntry e : entries()) sb.append(e.format(now)).append('\n');
        return sb.toString();
    }

    /** The lines of {@link #list()}. */
    public List<String> listLines() {
        long now = ns.clock().nanos();
        return entries().stream().map(e -> e.format(now)).toList();
    }

    /** What {@code conntrack -L} writes to stderr after {@code shown} entries. */
    public static String summary(int shown) {
        return "conntrack v" + TOOL_VERSION + " (conntrack-tools): " + shown + " flow entries have been shown.";
    }

    /** What {@code conntrack -F} writes to stderr. */
    public static String flushMessage() {
        return "conntrack v" + TOOL_VERSION + " (conntrack-tools): connection tracking table has been emptied.";
    }

    /** {@code conntrack -F}: removes every entry; returns how many there were. */
    public int flush() {
        int n = table.size();
        for (ConntrackEntry e : table.entries()) kill(e);
        return n;
    }

    /** {@code conntrack -D} with a filter: removes matching entries; returns how many. */
    public int delete(Predicate<ConntrackEntry> filter) {
        int n = 0;
        for (ConntrackEntry e : entries()) {
            if (filter.test(e)) {
                kill(e);
                n++;
            }
        }
        return n;
    }

    /** Removes entries whose timeout has passed on the virtual clock (the gc worker); returns how many. */
    public int expire() {
        return table.expire(ns.clock().nanos()).size();
    }

    /** nf_ct_kill: the entry leaves the table (packets still holding it keep their reference). */
    public void kill(ConntrackEntry e) {
        e.set(CtStatus.DYING);
        table.remove(e);
    }
}
