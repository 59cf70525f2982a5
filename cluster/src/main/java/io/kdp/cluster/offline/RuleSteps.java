package io.kdp.cluster.offline;

import io.kdp.linux.iptables.Chain;
import io.kdp.linux.iptables.Iptables;
import io.kdp.linux.iptables.Table;
import io.kdp.linux.trace.Step;

/**
 * Turns the node's iptables trace steps into the step lines an offline trace reports:
 * <ul>
 *   <li>a rule that matched: {@code <table> <chain> rule <n>: -A <chain> <rule spec>}, e.g.
 *       {@code nat KUBE-SERVICES rule 4: -A KUBE-SERVICES -d 10.96.45.7/32 -p tcp ... -j KUBE-SVC-CDGGSHYLG3RE2FKL};
 *       {@code n} is the rule's 1-based number in its chain, the text as {@code iptables-save} prints it;</li>
 *   <li>a built-in chain's policy when it decides the packet's fate (DROP): {@code <table> <chain> policy: DROP}.</li>
 * </ul>
 * Falling off the end of a user chain and ACCEPT policies (the next table is consulted) give no line.
 */
final class RuleSteps implements StepLines {
    private final Iptables iptables;

    /** Lines for the rules of {@code iptables} (loaded before the packet is sent, unchanged after). */
    RuleSteps(Iptables iptables) {
        this.iptables = iptables;
    }

    @Override
    public String line(Step step) {
        if (!(step instanceof Step.Rule r)) return null;
        Table t = iptables.table(r.table());
        Chain c = t == null ? null : t.chain(r.chain());
        int rules = c == null ? 0 : c.rules().size();
        if (r.number() <= rules) {
            // a matched rule; the TRACE-style step calls an unconditional final ACCEPT/DROP/RETURN "policy" or "return"
            return r.table() + " " + r.chain() + " rule " + r.number() + ": -A " + r.chain() + (r.rule().isEmpty() ? "" : " " + r.rule());
        }
        if (r.how().equals("policy") && !r.verdict().equals("ACCEPT")) return r.table() + " " + r.chain() + " policy: " + r.verdict();
        return null;
    }
}
