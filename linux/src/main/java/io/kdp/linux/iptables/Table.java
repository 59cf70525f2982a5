package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.Tracer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One x_tables table of a namespace (struct xt_table with its ruleset) and the traversal
 * {@code ipt_do_table}: rules in order, a matching rule's target decides, {@code -j} pushes a
 * return point and {@code -g} does not, RETURN or the end of a user chain pops, the end of a
 * built-in chain (or a RETURN with nothing to return to) applies the policy.
 */
public final class Table {
    private final TableKind kind;
    private ChainSet chains;
    private Chain[] compiled = new Chain[0];
    private final Chain[] hookChains = new Chain[Hook.values().length];
    /** One jump stack per nesting level: a REJECT may send a packet through the stack again. */
    private int[][] stacks = new int[4][];
    private int depth;

    Table(TableKind kind) {
        this.kind = kind;
        this.chains = new ChainSet(kind);
        install(chains);
    }

    public TableKind kind() { return kind; }

    public String name() { return kind.tableName(); }

    /** The chain of that name, or null. */
    public Chain chain(String name) { return chains.get(name); }

    /** Built-in chains in hook order, then user chains by name (iptables-save order). */
    public List<Chain> chains() { return chains.all(); }

    ChainSet chainSet() { return chains; }

    /**
     * Checks a staged chain set as the kernel's translate_table does (loops, hooks each target
     * and match may be used from); returns an error message or null.
     */
    static String validate(ChainSet set) {
        Map<String, Integer> hooks = new HashMap<>();
        for (Chain b : set.builtins.values()) {
            String loop = walk(set, b, 1 << b.hook().ordinal(), hooks, new ArrayDeque<>());
            if (loop != null) return loop;
        }
        String table = set.kind.tableName();
        for (Chain c : set.all()) {
            int mask = hooks.getOrDefault(c.name(), 0);
            for (Rule r : c.rules) {
                if (r.target() instanceof JumpTarget j && set.users.get(j.chain()) == null) {
                    return "chain " + c.name() + " jumps to " + j.chain() + ", which does not exist";
                }
                for (Match m : r.matches()) {
                    String err = m.checkHooks(table, mask);
                    if (err != null) return err + " (chain " + c.name() + ": " + r.spec() + ")";
                }
                if (r.ext != null) {
                    String err = r.ext.check(table, mask);
                    if (err != null) return err + " (chain " + c.name() + ": " + r.spec() + ")";
                }
            }
        }
        return null;
    }

    /** mark_source_chains: depth-first from a hook, recording which hooks reach each chain, refusing loops. */
    private static String walk(ChainSet set, Chain c, int hookBit, Map<String, Integer> hooks, Deque<String> path) {
        if (path.contains(c.name())) {
            List<String> cycle = new ArrayList<>();
            boolean on = false;
            for (var it = path.descendingIterator(); it.hasNext(); ) {
                String n = it.next();
                if (n.equals(c.name())) on = true;
                if (on) cycle.add(n);
            }
            cycle.add(c.name());
            return "loop in chain jumps: " + String.join(" -> ", cycle) + ": Too many levels of symbolic links";
        }
        int before = hooks.getOrDefault(c.name(), 0);
        if ((before & hookBit) != 0) return null;
        hooks.put(c.name(), before | hookBit);
        path.push(c.name());
        for (Rule r : c.rules) {
            if (r.target() instanceof JumpTarget j) {
                Chain t = set.users.get(j.chain());
                if (t == null) continue;
                String err = walk(set, t, hookBit, hooks, path);
                if (err != null) return err;
            }
        }
        path.pop();
        return null;
    }

    /** Replaces the ruleset with a validated chain set and compiles it (xt_replace_table). */
    void install(ChainSet set) {
        this.chains = set;
        List<Chain> all = set.all();
        Chain[] arr = all.toArray(new Chain[0]);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < arr.length; i++) {
            arr[i].index = i;
            arr[i].compiled = arr[i].rules.toArray(new Rule[0]);
            index.put(arr[i].name(), i);
        }
        for (Chain c : arr) {
            for (Rule r : c.compiled) {
                r.jump = r.target() instanceof JumpTarget j ? index.get(j.chain()) : -1;
            }
        }
        java.util.Arrays.fill(hookChains, null);
        for (Chain b : set.builtins.values()) hookChains[b.hook().ordinal()] = b;
        this.compiled = arr;
    }

    private int[] acquireStack() {
        if (depth == stacks.length) stacks = java.util.Arrays.copyOf(stacks, depth * 2);
        int need = 2 * compiled.length + 2;
        int[] s = stacks[depth];
        if (s == null || s.length < need) stacks[depth] = s = new int[need];
        depth++;
        return s;
    }

    /** Runs the chain of {@code hook} over the packet (ipt_do_table). */
    Verdict run(Hook hook, SkBuff skb, Iptables ipt) {
        Chain base = hookChains[hook.ordinal()];
        if (base == null) return Verdict.ACCEPT;
        Tracer tracer = ipt.env().tracer();
        boolean trace = tracer.enabled();
        int len = skb.packet().ipTotalLength();
        Chain[] chains = compiled;
        int[] stack = acquireStack();
        int sp = 0;
        Chain c = base;
        int i = 0;
        try {
            for (;;) {
                Rule[] rules = c.compiled;
                if (i >= rules.length) {
                    if (!c.builtin()) {
                        if (trace) trace(tracer, ipt, c, "return", rules.length + 1, "-j RETURN", "return");
                        if (sp > 0) {
                            i = stack[--sp];
                            c = chains[stack[--sp]];
                            continue;
                        }
                    }
                    return policy(base, skb, len, trace, tracer, ipt);
                }
                Rule r = rules[i];
                if (!r.matches(skb, hook, ipt)) {
                    i++;
                    continue;
                }
                r.packets++;
                r.bytes += len;
                if (trace) {
                    boolean tail = r.unconditional && (r.kind == Rule.KIND_ACCEPT || r.kind == Rule.KIND_DROP || r.kind == Rule.KIND_RETURN);
                    trace(tracer, ipt, c, tail ? (c.builtin() ? "policy" : "return") : "rule", i + 1, r.spec(), r.traceVerdict);
                }
                switch (r.kind) {
                    case Rule.KIND_ACCEPT:
                        return Verdict.ACCEPT;
                    case Rule.KIND_DROP:
                        skb.drop("iptables " + kind.tableName() + ":" + c.name() + ":rule:" + (i + 1) + " DROP");
                        return Verdict.DROP;
                    case Rule.KIND_RETURN:
                        if (sp == 0) return policy(base, skb, len, trace, tracer, ipt);
                        i = stack[--sp];
                        c = chains[stack[--sp]];
                        continue;
                    case Rule.KIND_JUMP:
                        stack[sp++] = c.index;
                        stack[sp++] = i + 1;
                        c = chains[r.jump];
                        i = 0;
                        continue;
                    case Rule.KIND_GOTO:
                        c = chains[r.jump];
                        i = 0;
                        continue;
                    case Rule.KIND_EXT:
                        int v = r.ext.apply(skb, hook, ipt);
                        if (v == ExtensionTarget.CONTINUE) {
                            i++;
                            continue;
                        }
                        if (v == ExtensionTarget.ACCEPT) return Verdict.ACCEPT;
                        if (v == ExtensionTarget.STOLEN) return Verdict.STOLEN;
                        if (skb.dropReason() == null) skb.drop("iptables " + kind.tableName() + ":" + c.name() + ":rule:" + (i + 1) + " " + r.target().name());
                        return Verdict.DROP;
                    default:
                        i++;
                }
            }
        } finally {
            depth--;
        }
    }

    private Verdict policy(Chain base, SkBuff skb, int len, boolean trace, Tracer tracer, Iptables ipt) {
        base.policyPackets++;
        base.policyBytes += len;
        if (trace) trace(tracer, ipt, base, "policy", base.compiled.length + 1, base.policy.name(), base.policy.name());
        if (base.policy == StandardTarget.DROP) {
            skb.drop("iptables " + kind.tableName() + ":" + base.name() + ":policy:" + (base.compiled.length + 1) + " DROP");
            return Verdict.DROP;
        }
        return Verdict.ACCEPT;
    }

    private void trace(Tracer tracer, Iptables ipt, Chain c, String how, int number, String rule, String verdict) {
        tracer.step(ipt.env().host(), new Step.Rule(kind.tableName(), c.name(), how, number, rule, verdict));
    }
}
