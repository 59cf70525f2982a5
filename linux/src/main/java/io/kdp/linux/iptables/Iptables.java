package io.kdp.linux.iptables;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The legacy x_tables of one network namespace: the raw, mangle, nat and filter tables,
 * {@code iptables-restore} / {@code iptables-save}, single {@code iptables} commands, and the
 * {@code xt_recent} lists.
 *
 * <p>A table exists once something loads it (as modern kernels instantiate tables per namespace
 * on first use); it then registers its hooks: raw, mangle and filter with
 * {@link io.kdp.linux.netfilter.Netfilter} at their priorities (owner {@code "iptables raw"} ...),
 * nat with the NAT core per hook ({@code "iptables nat"} at NAT_DST for PREROUTING/OUTPUT, NAT_SRC
 * for INPUT/POSTROUTING), since the nat table is consulted only for a connection's first packet.
 */
public final class Iptables {
    private final NetNamespace ns;
    private final XtEnvironment env;
    /** Tables newest first, as the kernel's list_add keeps them and iptables-save lists them. */
    private final List<Table> tables = new ArrayList<>();
    private final Map<String, RecentTable> recent = new LinkedHashMap<>();
    private IpSetLookup ipsets = IpSetLookup.NONE;
    private ConntrackView conntrackView = ConntrackView.ENTRY;
    private java.util.function.ToIntFunction<StatisticMatch> statisticRandom;

    public Iptables(NetNamespace ns) {
        this.ns = ns;
        this.env = new NamespaceEnvironment(ns);
    }

    /** Tables evaluated against a supplied environment (tests, offline rule tracing). */
    public Iptables(XtEnvironment env) {
        this.ns = null;
        this.env = env;
    }

    /** The namespace, or null when built on a bare environment. */
    public NetNamespace ns() { return ns; }

    public XtEnvironment env() { return env; }

    public IpSetLookup ipsets() { return ipsets; }

    /** Plugs in the ipset emulation for {@code -m set}. */
    public void ipsets(IpSetLookup lookup) { this.ipsets = lookup; }

    public ConntrackView conntrackView() { return conntrackView; }

    /** Plugs in the conntrack details {@code -m conntrack} needs (NAT status, original destination). */
    public void conntrackView(ConntrackView view) { this.conntrackView = view; }

    /**
     * Replaces where {@code statistic --mode random} takes its 32 random bits from (default: the
     * environment's {@link XtEnvironment#random32()}); offline tracing scripts the draws to follow
     * every branch. Null restores the default.
     */
    public void statisticRandom(java.util.function.ToIntFunction<StatisticMatch> source) { this.statisticRandom = source; }

    /** The 32 random bits one evaluation of {@code match} draws. */
    int statisticRandom32(StatisticMatch match) {
        return statisticRandom == null ? env.random32() : statisticRandom.applyAsInt(match);
    }

    /** The table of that name if it has been loaded, else null. */
    public Table table(String name) {
        for (Table t : tables) if (t.name().equals(name)) return t;
        return null;
    }

    /** Loaded tables, newest first (the order iptables-save prints them). */
    public List<Table> tables() { return Collections.unmodifiableList(tables); }

    /** The table, loading it (and registering its hooks) if needed. */
    public Table ensureTable(TableKind kind) {
        Table t = table(kind.tableName());
        if (t != null) return t;
        Table n = new Table(kind);
        tables.add(0, n);
        for (Hook h : kind.hooks()) {
            if (kind == TableKind.NAT) {
                env.registerNatFunction(h, kind.priority(h), kind.owner(), (skb, hook) -> n.run(hook, skb, this));
            } else {
                env.registerHook(new HookEntry(h, kind.priority(h), kind.owner(), (skb, hook) -> n.run(hook, skb, this)));
            }
        }
        return n;
    }

    /**
     * Runs one table's chain for a hook over the packet, as its hook function does; ACCEPT when
     * the table is not loaded.
     */
    public Verdict runTable(String table, Hook hook, SkBuff skb) {
        Table t = table(table);
        return t == null ? Verdict.ACCEPT : t.run(hook, skb, this);
    }

    /** {@code iptables-restore} of {@code text} (flushing the tables it names). */
    public void restore(String text) {
        restore("iptables-restore", text, false, false);
    }

    /**
     * {@code iptables-restore [--noflush] [--counters]}.
     *
     * @param source the name errors cite, e.g. a file name
     * @throws IptablesParseException naming the line; tables committed before it stay loaded
     */
    public void restore(String source, String text, boolean noflush, boolean counters) {
        new IptablesRestore(this, source, noflush, counters).run(text);
    }

    /** One {@code iptables [-t table] COMMAND ...} invocation, e.g. {@code -t nat -A POSTROUTING -o eth0 -j MASQUERADE}. */
    public void command(String commandLine) {
        IptablesRestore.command(this, commandLine);
    }

    /** {@code iptables-save}: every loaded table, newest first, built-in chain counters included. */
    public String save() {
        return save(false);
    }

    /** {@code iptables-save [-c]}: with {@code counters}, each rule is prefixed by {@code [packets:bytes]}. */
    public String save(boolean counters) {
        return IptablesSave.render(tables, counters, env.nanos());
    }

    /** The {@code xt_recent} list of that name, or null (/proc/net/xt_recent/NAME). */
    public RecentTable recentTable(String name) {
        return recent.get(name);
    }

    public Collection<RecentTable> recentTables() {
        return Collections.unmodifiableCollection(recent.values());
    }

    /**
     * After a table is replaced: create the recent lists new rules name (with the mask of the
     * first rule naming each) and free those no rule names any more, as checkentry/destroy do.
     */
    void recentLists() {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (Table t : tables) {
            for (Chain c : t.chains()) {
                for (Rule r : c.rules) {
                    for (Match m : r.matches()) {
                        if (m instanceof RecentMatch rm) wanted.putIfAbsent(rm.name(), rm.mask());
                    }
                }
            }
        }
        Set<String> gone = new LinkedHashSet<>(recent.keySet());
        gone.removeAll(wanted.keySet());
        for (String g : gone) recent.remove(g);
        for (var e : wanted.entrySet()) recent.computeIfAbsent(e.getKey(), k -> new RecentTable(k, e.getValue()));
    }

    /** The extension-target code of a NAT core verdict. */
    static int code(Verdict v) {
        return switch (v) {
            case ACCEPT -> ExtensionTarget.ACCEPT;
            case DROP -> ExtensionTarget.DROP;
            case STOLEN -> ExtensionTarget.STOLEN;
        };
    }
}
