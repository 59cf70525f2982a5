package io.kdp.kubeproxy.iptables;

import java.util.List;

/**
 * A rule kube-proxy keeps in a built-in chain outside iptables-restore ({@code EnsureRule(Prepend, ...)}: it runs
 * {@code iptables -t T -C CHAIN args}, and when that fails, {@code iptables -t T -I CHAIN args}). {@code args}
 * are the exec arguments (unquoted); {@link #spec()} renders them as a shell/iptables-save would, with
 * arguments containing spaces in double quotes.
 */
public record EnsuredRule(String table, String chain, List<String> args) {
    public EnsuredRule {
        args = List.copyOf(args);
    }

    /** The rule text after {@code -A CHAIN}, e.g. {@code -m comment --comment "kubernetes service portals" -j KUBE-SERVICES}. */
    public String spec() {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(a.indexOf(' ') >= 0 ? "\"" + a + "\"" : a);
        }
        return sb.toString();
    }

    /** {@code -t T -C CHAIN spec}. */
    public String checkCommand() {
        return "-t " + table + " -C " + chain + " " + spec();
    }

    /** {@code -t T -I CHAIN spec} (Prepend inserts at position 1). */
    public String insertCommand() {
        return "-t " + table + " -I " + chain + " " + spec();
    }
}
