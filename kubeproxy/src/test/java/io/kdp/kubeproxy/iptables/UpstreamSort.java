package io.kdp.kubeproxy.iptables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Re-implements the ordering of kube-proxy's test helper {@code sortIPTablesRules} (proxier_test.go), which makes
 * restore input independent of Go's random service order: tables by name; chains KUBE-NODEPORTS, KUBE-SERVICES,
 * then other KUBE-* alphabetically, then the rest; rules grouped by chain in their original relative order;
 * KUBE-NODEPORTS and KUBE-SERVICES rules stably ordered by the service name in their comment (the nat
 * KUBE-SERVICES "must be the last rule" rule kept last). Test-only; lets kdp's output be compared with the
 * expected dumps of kube-proxy's own tests.
 */
final class UpstreamSort {
    private static final Pattern COMMENT = Pattern.compile("--comment (\"[^\"]*\"|\\S+)");

    private UpstreamSort() {}

    static String sort(String restore) {
        Map<String, Map<String, List<String>>> tables = new LinkedHashMap<>();
        Map<String, List<String>> cur = null;
        for (String line : restore.split("\n")) {
            if (line.startsWith("*")) {
                cur = new LinkedHashMap<>();
                tables.put(line.substring(1), cur);
            } else if (line.startsWith(":")) {
                cur.putIfAbsent(line.substring(1, line.indexOf(' ')), new ArrayList<>());
            } else if (line.startsWith("-A ")) {
                String chain = line.split(" ")[1];
                cur.computeIfAbsent(chain, k -> new ArrayList<>()).add(line);
            }
        }
        StringBuilder sb = new StringBuilder();
        tables.keySet().stream().sorted().forEach(t -> {
            Map<String, List<String>> chains = tables.get(t);
            List<String> names = new ArrayList<>(chains.keySet());
            names.sort(UpstreamSort::compareChains);
            sb.append('*').append(t).append('\n');
            for (String n : names) sb.append(':').append(n).append(" - [0:0]\n");
            for (String n : names) {
                List<String> rules = new ArrayList<>(chains.get(n));
                if (n.equals("KUBE-NODEPORTS") || n.equals("KUBE-SERVICES")) {
                    rules.sort(Comparator.comparing((String r) -> isLast(r) ? 1 : 0).thenComparing(UpstreamSort::serviceName));
                }
                for (String r : rules) sb.append(r).append('\n');
            }
            sb.append("COMMIT\n");
        });
        return sb.toString();
    }

    private static int rank(String chain) {
        if (chain.equals("KUBE-NODEPORTS")) return 0;
        if (chain.equals("KUBE-SERVICES")) return 1;
        return chain.startsWith("KUBE-") ? 2 : 3;
    }

    private static int compareChains(String a, String b) {
        int c = Integer.compare(rank(a), rank(b));
        return c != 0 ? c : a.compareTo(b);
    }

    private static boolean isLast(String rule) {
        return rule.contains("must be the last rule");
    }

    private static String serviceName(String rule) {
        Matcher m = COMMENT.matcher(rule);
        if (!m.find()) return "";
        String c = m.group(1).replace("\"", "");
        int i = indexOfAny(c);
        return i < 0 ? c : c.substring(0, i);
    }

    private static int indexOfAny(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == ' ' || s.charAt(i) == ':') return i;
        return -1;
    }
}
