package io.kdp.kubeproxy.nftables;

import java.util.List;

/**
 * kdp's stand-in for a sigs.k8s.io/knftables {@code Transaction} on table {@code ip kube-proxy}: each operation is
 * written as knftables' {@code writeOperation} writes it, one line each, and the text is what kube-proxy feeds to
 * {@code nft -f -}, e.g. {@code add table ip kube-proxy { comment "rules for kube-proxy" ; }},
 * {@code add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }},
 * {@code add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-... }}.
 * Base chain priorities are written as numbers, as knftables' ParsePriority does.
 */
final class KnftTransaction {
    private static final String PREFIX = " ip " + NftNames.TABLE;

    private final StringBuilder sb = new StringBuilder(4096);
    private int operations;

    /** The operations so far, one per line. */
    String text() { return sb.toString(); }

    /** How many operations were written. */
    int operations() { return operations; }

    boolean isEmpty() { return operations == 0; }

    private StringBuilder op(String verb, String object, String name) {
        operations++;
        sb.append(verb).append(' ').append(object).append(PREFIX);
        if (name != null) sb.append(' ').append(name);
        return sb;
    }

    void addTable(String comment) {
        op("add", "table", null).append(" { comment ").append(quote(comment)).append(" ; }\n");
    }

    void addChain(String name) {
        op("add", "chain", name).append('\n');
    }

    void addChain(String name, String comment) {
        op("add", "chain", name).append(" { comment ").append(quote(comment)).append(" ; }\n");
    }

    void addBaseChain(String name, String type, String hook, int priority) {
        op("add", "chain", name).append(" { type ").append(type).append(" hook ").append(hook)
                .append(" priority ").append(priority).append(" ; }\n");
    }

    void flushChain(String name) { op("flush", "chain", name).append('\n'); }

    void deleteChain(String name) { op("delete", "chain", name).append('\n'); }

    void addRule(String chain, String rule) {
        op("add", "rule", chain).append(' ').append(rule).append('\n');
    }

    void addRule(String chain, String rule, String comment) {
        op("add", "rule", chain).append(' ').append(rule).append(" comment ").append(quote(comment)).append('\n');
    }

    /** {@code add set ... { type T ; [flags a,b ;] [timeout Ns ;] [comment "c" ;] }}. */
    void addSet(String name, String type, List<String> flags, long timeoutSeconds, String comment) {
        StringBuilder b = op("add", "set", name).append(" { type ").append(type).append(" ;");
        if (!flags.isEmpty()) b.append(" flags ").append(String.join(",", flags)).append(" ;");
        if (timeoutSeconds >= 0) b.append(" timeout ").append(timeoutSeconds).append("s ;");
        if (comment != null) b.append(" comment ").append(quote(comment)).append(" ;");
        b.append(" }\n");
    }

    void addMap(String name, String type, String comment) {
        op("add", "map", name).append(" { type ").append(type).append(" ; comment ").append(quote(comment)).append(" ; }\n");
    }

    void flushSet(String name) { op("flush", "set", name).append('\n'); }

    void flushMap(String name) { op("flush", "map", name).append('\n'); }

    void deleteSet(String name) { op("delete", "set", name).append('\n'); }

    /** {@code add element ... NAME { KEY [comment "c"] [: VALUE] }}. */
    void addElement(String name, String key, String comment, String value) {
        StringBuilder b = op("add", "element", name).append(" { ").append(key);
        if (comment != null) b.append(" comment ").append(quote(comment));
        if (value != null) b.append(" : ").append(value);
        b.append(" }\n");
    }

    void deleteElement(String name, String key) {
        op("delete", "element", name).append(" { ").append(key).append(" }\n");
    }

    /** Go's {@code %q} for the printable ASCII kube-proxy's comments are made of. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.append('"').toString();
    }
}
