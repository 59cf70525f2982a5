package io.kdp.linux.nftables;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.Tracer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs base chains over packets as nft_do_chain does: rules in order, expressions in order until
 * one breaks; {@code jump} pushes and returns to the next rule, {@code goto} does not return here;
 * accept and drop end the hook function; falling off the end (or {@code return}) of a base chain
 * applies its policy. With tracing on, each matched rule is reported as {@link Step.NftRule} (nft
 * monitor trace style), with the verdict it produced (for a verdict map, the looked-up verdict),
 * and so is a policy.
 */
final class NftEval {
    /** NFT_JUMP_STACK_SIZE. */
    static final int MAX_DEPTH = 16;

    private final NetNamespace ns;
    /** Scripted answers for {@code numgen random} (offline tracing), or null for the seeded random source. */
    java.util.function.IntUnaryOperator numgenDraws;

    NftEval(NetNamespace ns) {
        this.ns = ns;
    }

    SplittableRandom random() {
        return ns.random();
    }

    /** A value in {@code [0, modulus)} for {@code numgen random mod modulus}. */
    int numgen(int modulus) {
        return numgenDraws == null ? ns.random().nextInt(modulus) : numgenDraws.applyAsInt(modulus);
    }

    long now() {
        return ns == null ? 0 : ns.clock().nanos();
    }

    /** The hook function of a base chain. */
    Verdict runBase(NftTable table, NftChain chain, SkBuff skb, Hook hook) {
        NftVerdict v = runChain(table, chain, skb, hook, 0);
        if (v == NftVerdict.ACCEPT) return Verdict.ACCEPT;
        if (v == NftVerdict.DROP) return Verdict.DROP;
        Tracer tracer = ns.tracer();
        if (tracer.enabled()) {
            String p = chain.policyDrop ? "drop" : "accept";
            tracer.step(ns.name(), new Step.NftRule(table.family().keyword(), table.name(), chain.name(), 0, "policy " + p, p));
        }
        if (!chain.policyDrop) return Verdict.ACCEPT;
        return skb.drop("nft " + table.family().keyword() + " " + table.name() + " " + chain.name() + ": policy drop");
    }

    private NftVerdict runChain(NftTable table, NftChain chain, SkBuff skb, Hook hook, int depth) {
        List<NftRule> rules = chain.rules;
        for (int i = 0, n = rules.size(); i < n; i++) {
            NftRule r = rules.get(i);
            NftVerdict v = NftVerdict.NEXT;
            for (NftExpr e : r.exprs) {
                v = e.eval(skb, hook, this);
                if (v != NftVerdict.NEXT) break;
            }
            if (v == null) continue; // NFT_BREAK: the rule did not match
            trace(table, chain, r, v);
            switch (v.kind()) {
                case CONTINUE:
                    continue;
                case ACCEPT:
                    return v;
                case DROP:
                    if (skb.dropReason() == null) skb.drop(r.dropReason(table, chain));
                    return v;
                case RETURN:
                    return NftVerdict.RETURN;
                case JUMP:
                case GOTO: {
                    NftChain target = table.chain(v.chain());
                    if (target == null || depth + 1 >= MAX_DEPTH) {
                        skb.drop("nft " + table.name() + ": jump stack exhausted or chain " + v.chain() + " gone");
                        return NftVerdict.DROP;
                    }
                    NftVerdict sub = runChain(table, target, skb, hook, depth + 1);
                    if (v.kind() == NftVerdict.Kind.GOTO || sub.terminal()) return sub;
                    continue;
                }
                default:
                    continue;
            }
        }
        return NftVerdict.RETURN;
    }

    private void trace(NftTable table, NftChain chain, NftRule r, NftVerdict v) {
        Tracer tracer = ns.tracer();
        if (!tracer.enabled()) return;
        String verdict = v == NftVerdict.NEXT ? "continue" : v.toString();
        tracer.step(ns.name(), new Step.NftRule(table.family().keyword(), table.name(), chain.name(), r.handle(), r.traceText(table.family()), verdict));
    }
}
