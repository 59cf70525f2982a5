package io.kdp.kubeproxy.nftables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only model of knftables' {@code Fake}: replays transaction text (add, flush, delete of tables, chains, rules,
 * sets, maps and elements) onto an object model, and {@link #dump()}s it as {@code Fake.Dump()} does, one
 * {@code add} line per object, so kdp's transactions can be compared with the expected dumps of kube-proxy's tests.
 */
final class KnftFake {
    private String table;
    private final Map<String, String> chains = new LinkedHashMap<>();
    private final Map<String, List<String>> rules = new LinkedHashMap<>();
    private final Map<String, String> sets = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> elements = new LinkedHashMap<>();

    void run(String transaction) {
        for (String line : transaction.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] w = line.split(" ");
            String verb = w[0], type = w[1], name = w.length > 4 ? w[4] : null;
            switch (verb + " " + type) {
                case "add table" -> table = line;
                case "add chain" -> {
                    if (!chains.containsKey(name) || line.contains("{")) chains.put(name, line);
                    rules.putIfAbsent(name, new ArrayList<>());
                }
                case "flush chain" -> rules.get(name).clear();
                case "delete chain" -> {
                    chains.remove(name);
                    rules.remove(name);
                }
                case "add rule" -> rules.get(name).add(line);
                case "add set", "add map" -> {
                    sets.putIfAbsent(name, line);
                    elements.putIfAbsent(name, new LinkedHashMap<>());
                }
                case "flush set", "flush map" -> elements.get(name).clear();
                case "delete set", "delete map" -> {
                    sets.remove(name);
                    elements.remove(name);
                }
                case "add element" -> elements.get(name).put(key(line), line);
                case "delete element" -> {
                    if (elements.get(name).remove(key(line)) == null) throw new IllegalStateException("no such element: " + line);
                }
                default -> throw new IllegalArgumentException("not modelled: " + line);
            }
        }
    }

    private static String key(String line) {
        String body = line.substring(line.indexOf('{') + 2, line.lastIndexOf('}') - 1);
        int c = body.indexOf(" comment ");
        if (c >= 0) return body.substring(0, c);
        int v = body.indexOf(" : ");
        return v >= 0 ? body.substring(0, v) : body;
    }

    /** Every object as one {@code add} line. */
    String dump() {
        StringBuilder sb = new StringBuilder();
        if (table != null) sb.append(table).append('\n');
        chains.values().forEach(l -> sb.append(l).append('\n'));
        rules.values().forEach(rs -> rs.forEach(l -> sb.append(l).append('\n')));
        sets.values().forEach(l -> sb.append(l).append('\n'));
        elements.values().forEach(es -> es.values().forEach(l -> sb.append(l).append('\n')));
        return sb.toString();
    }

    /**
     * kube-proxy's test helper {@code sortNFTablesTransaction}: blank and {@code #} lines dropped, then a stable sort
     * by object type (table, chain, rule, set, map, element), then object name; rules keep their order, other
     * lines of one object sort by the whole line.
     */
    static String upstreamSort(String tx) {
        List<String> lines = new ArrayList<>();
        for (String l : tx.split("\n")) if (!l.isEmpty() && l.charAt(0) != '#') lines.add(l);
        List<String> order = List.of("element", "map", "set", "rule", "chain", "table");
        lines.sort((a, b) -> {
            String[] wa = a.split(" "), wb = b.split(" ");
            if (wa.length < 5 || wb.length < 5) return 0;
            if (!wa[1].equals(wb[1])) return Integer.compare(order.indexOf(wb[1]), order.indexOf(wa[1]));
            if (!wa[4].equals(wb[4])) return wa[4].compareTo(wb[4]);
            if (wa[1].equals("rule")) return 0;
            return a.compareTo(b);
        });
        return String.join("\n", lines) + "\n";
    }
}
