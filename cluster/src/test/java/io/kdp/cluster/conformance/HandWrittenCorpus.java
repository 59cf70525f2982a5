package io.kdp.cluster.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hand-written edge cases: {@code src/test/resources/conformance/hand/NAME.rules}, each an
 * {@code iptables-restore} input whose comment lines carry directives (iptables-restore and kdp
 * skip them as comments):
 * <pre>
 * #node-ip 192.168.0.11                       (one or more; the first is the client's gateway)
 * #sysctl net.ipv4.conf.all.route_localnet=1  (set on the node, both in kdp and in the kernel)
 * #flow tcp 192.168.0.50 -> 10.96.1.1:80 => ACCEPT dnat=10.0.1.1:8080 masq | DROP  -- why
 * </pre>
 * A flow states every outcome it must have; kdp is checked against that, and the kernel against kdp.
 */
final class HandWrittenCorpus {
    /** The edge-case files, in the order they run. */
    static final List<String> NAMES = List.of("negations", "goto-vs-jump", "nested-return", "mark-masks", "multiport",
            "addrtype", "drop-vs-reject", "policy-drop", "statistic", "ctstate", "snat");

    private static final Pattern FLOW = Pattern.compile(
            "(tcp|udp)\\s+(\\S+)\\s*->\\s*(\\S+):(\\d+)\\s*=>\\s*(.+?)\\s*(?:--\\s*(.*))?");

    private HandWrittenCorpus() {}

    static List<RuleSet> load() {
        List<RuleSet> out = new ArrayList<>();
        for (String name : NAMES) out.add(parse(name, resource("/conformance/hand/" + name + ".rules")));
        return out;
    }

    static String resource(String path) {
        try (InputStream in = HandWrittenCorpus.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses one file; errors name {@code NAME.rules:LINE}. */
    static RuleSet parse(String name, String text) {
        List<String> nodeIps = new ArrayList<>();
        Map<String, String> sysctls = new LinkedHashMap<>();
        List<Flow> flows = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = name + ".rules:" + (i + 1) + ": ";
            try {
                if (line.startsWith("#node-ip ")) {
                    nodeIps.add(line.substring(9).strip());
                } else if (line.startsWith("#sysctl ")) {
                    String kv = line.substring(8).strip();
                    int eq = kv.indexOf('=');
                    if (eq < 1) throw new IllegalArgumentException("expected #sysctl KEY=VALUE");
                    sysctls.put(kv.substring(0, eq), kv.substring(eq + 1));
                } else if (line.startsWith("#flow ")) {
                    flows.add(flow(name + ":" + (i + 1), line.substring(6).strip()));
                } else if (line.startsWith("#") && line.length() > 1 && !line.startsWith("# ") && !line.startsWith("##")) {
                    throw new IllegalArgumentException("unknown directive " + line.split("\\s")[0] + " (expected #node-ip, #sysctl or #flow; comments start with \"# \")");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        if (nodeIps.isEmpty()) throw new IllegalArgumentException(name + ".rules: no #node-ip line");
        if (flows.isEmpty()) throw new IllegalArgumentException(name + ".rules: no #flow line");
        return new RuleSet(name, false, text, nodeIps, sysctls, flows);
    }

    static Flow flow(String label, String spec) {
        Matcher m = FLOW.matcher(spec);
        if (!m.matches()) throw new IllegalArgumentException("expected \"#flow tcp|udp SRC -> DST:PORT => OUTCOME [| OUTCOME...] [-- why]\", got \"" + spec + "\"");
        Set<FlowOutcome> expected = new LinkedHashSet<>();
        for (String o : m.group(5).split("\\|")) {
            if (!expected.add(FlowOutcome.parse(o))) throw new IllegalArgumentException("outcome " + o.strip() + " given twice");
        }
        String why = m.group(6) == null ? "" : " (" + m.group(6) + ")";
        return new Flow(label + why, m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4)), false, expected);
    }
}
