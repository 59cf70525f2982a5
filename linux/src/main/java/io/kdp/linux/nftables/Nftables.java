package io.kdp.linux.nftables;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.HookFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nf_tables ruleset of one network namespace: {@code nft -f} ({@link #load}) and
 * {@code nft list ruleset} ({@link #listRuleset()}).
 *
 * <p>After each successful load, every base chain of an {@code ip} or {@code inet} table is
 * attached: {@code filter} and {@code route} chains as a {@link HookEntry} on the namespace's
 * netfilter at their hook and priority, {@code type nat} chains through the conntrack NAT core's
 * {@code registerNatFunction} (so they see only a connection's first packet, as nft_chain_nat).
 * The owner of both is the table's {@link NftTable#owner()}, e.g. {@code nft ip kube-proxy}.
 * {@code ip6} tables are kept and listed but never attached, since the emulator carries IPv4 only.
 */
public final class Nftables {
    private final NetNamespace ns;
    private final NftEval eval;
    final List<NftTable> tables = new ArrayList<>();
    private final Map<NftTable, List<NftChain>> attached = new IdentityHashMap<>();
    private int tableHandles;

    /** The ruleset of {@code ns}; empty until something is loaded. */
    public Nftables(NetNamespace ns) {
        this.ns = ns;
        this.eval = new NftEval(ns);
    }

    /** A ruleset attached to no namespace: parse and list only (tools, tests). */
    public static Nftables detached() {
        return new Nftables(null);
    }

    /** The namespace, or null when detached. */
    public NetNamespace ns() { return ns; }

    /** {@code nft -f -} of {@code text}; see {@link #load(String, String)}. */
    public void load(String text) {
        load("/dev/stdin", text);
    }

    /**
     * {@code nft -f FILE}: runs the file's commands as one atomic transaction.
     *
     * @param source the file name errors cite
     * @throws NftException naming file, line, columns and the word not understood; nothing changed
     */
    public void load(String source, String text) {
        new NftParser(this, source, text).run();
        attachHooks();
    }

    /**
     * Replaces the random source of {@code numgen random mod N} expressions: {@code draws} is given N and answers
     * a value in {@code [0, N)} (an offline trace enumerates the branches this way). Null restores the
     * namespace's seeded random source.
     */
    public void numgenRandom(java.util.function.IntUnaryOperator draws) {
        eval.numgenDraws = draws;
    }

    /** {@code nft flush ruleset}. */
    public void flushRuleset() {
        load("flush ruleset");
    }

    /** {@code nft list ruleset}. */
    public String listRuleset() {
        return listRuleset(false);
    }

    /** {@code nft [-a] list ruleset}: with {@code handles}, each object and rule ends in {@code # handle N}. */
    public String listRuleset(boolean handles) {
        return NftWriter.ruleset(tables, handles, now());
    }

    /** Tables in creation order. */
    public List<NftTable> tables() {
        return Collections.unmodifiableList(tables);
    }

    /** The table of that family and name, or null. */
    public NftTable table(NftFamily family, String name) {
        for (NftTable t : tables) if (t.family() == family && t.name().equals(name)) return t;
        return null;
    }

    long now() {
        return eval.now();
    }

    int nextTableHandle() {
        return ++tableHandles;
    }

    /** Attaches new base chains and detaches gone ones (NETDEV-less nf_register_net_hook per base chain). */
    private void attachHooks() {
        if (ns == null) return;
        if (!ns.conntrack().enabled() && needsConntrack()) ns.conntrack().registerHooks();
        for (NftTable t : new ArrayList<>(attached.keySet())) {
            if (!tables.contains(t) || !attached.get(t).equals(baseChains(t))) {
                detach(t.owner());
                attached.remove(t);
            }
        }
        for (NftTable t : tables) {
            if (!t.family().seesIpv4() || attached.containsKey(t)) continue;
            List<NftChain> base = baseChains(t);
            for (NftChain c : base) {
                HookFunction fn = (skb, hook) -> eval.runBase(t, c, skb, hook);
                if (c.type() == NftChain.Type.NAT) ns.conntrack().nat().registerNatFunction(c.hook(), c.priority(), t.owner(), fn);
                else ns.netfilter().register(new HookEntry(c.hook(), c.priority(), t.owner(), fn));
            }
            attached.put(t, base);
        }
    }

    /** Whether an attached table has a nat chain or a rule with ct or NAT expressions (nf_ct_netns_get). */
    private boolean needsConntrack() {
        for (NftTable t : tables) {
            if (!t.family().seesIpv4()) continue;
            for (NftChain c : t.chains.values()) {
                if (c.type() == NftChain.Type.NAT) return true;
                for (NftRule r : c.rules) for (NftExpr e : r.exprs) if (e.needsConntrack()) return true;
            }
        }
        return false;
    }

    private void detach(String owner) {
        ns.netfilter().unregister(owner);
        ns.conntrack().nat().unregisterNatFunctions(owner);
    }

    private static List<NftChain> baseChains(NftTable t) {
        List<NftChain> out = new ArrayList<>();
        for (NftChain c : t.chains.values()) if (c.isBase()) out.add(c);
        return out;
    }
}
