package io.kdp.cni.calico.felix;

import java.util.List;

/** A chain Felix owns (generictables.Chain), rendered with each rule's {@code cali:<hash>} comment. */
public record FelixChain(String name, List<FelixRule> rules) {
    /** iptables.MaxChainNameLength. */
    public static final int MAX_NAME = 28;

    public FelixChain {
        rules = List.copyOf(rules);
    }

    /** The chain's rules as iptables-save prints them. */
    public String saveLines() {
        String[] h = RuleHash.hashes(name, rules);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rules.size(); i++) sb.append(rules.get(i).saveLine(name, h[i])).append('\n');
        return sb.toString();
    }
}
