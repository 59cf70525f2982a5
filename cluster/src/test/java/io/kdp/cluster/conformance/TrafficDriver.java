package io.kdp.cluster.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends a rule set's flows through the real kernel with {@code conformance/driver.py} (one python
 * process per rule set, run in the node namespace; it creates each connection's socket in the
 * flow's namespace) and turns what it saw into outcomes per connection:
 * <ul>
 *   <li>the node's conntrack reported the connection NEW ({@code conntrack -E}: it was confirmed, so the
 *       packet was accepted and left the node or was delivered on it): ACCEPT, with DNAT and
 *       masquerade read from the tuples;</li>
 *   <li>otherwise refused (TCP reset or ICMP port unreachable): REJECT;</li>
 *   <li>otherwise no answer within {@link #TIMEOUT_SECONDS}, or EPERM (a locally sent packet that
 *       netfilter dropped on the OUTPUT path): DROP.</li>
 * </ul>
 * Anything else (an established connection without a conntrack entry, another error) is reported as an anomaly.
 */
final class TrafficDriver {
    /** How long a connection waits for an answer before it counts as dropped. */
    static final double TIMEOUT_SECONDS = 0.6;
    /** Connections in flight at once. */
    static final int WINDOW = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path script;

    /** What the kernel did with one flow's connections. */
    record Observed(Map<FlowOutcome, Integer> counts, List<String> anomalies) {
        int connections() {
            int n = anomalies.size();
            for (int c : counts.values()) n += c;
            return n;
        }
    }

    private TrafficDriver() {}

    /** Runs {@code counts[i]} connections of every flow i; returns what was observed per flow. */
    static List<Observed> run(KernelTestbed bed, RuleSet rs, int[] counts) {
        ObjectNode job = JSON.createObjectNode();
        ObjectNode ns = job.putObject("namespaces");
        ns.put("client", "/run/netns/" + bed.client);
        ns.put("backend", "/run/netns/" + bed.backend);
        job.put("timeout", TIMEOUT_SECONDS);
        job.put("window", WINDOW);
        ArrayNode flows = job.putArray("flows");
        for (int i = 0; i < rs.flows().size(); i++) {
            Flow f = rs.flows().get(i);
            ObjectNode o = flows.addObject();
            o.put("id", i);
            o.put("ns", switch (rs.origin(f)) { case NODE -> "node"; case BACKEND -> "backend"; case CLIENT -> "client"; });
            o.put("proto", f.proto());
            o.put("src", f.src());
            o.put("dst", f.dst());
            o.put("dport", f.dport());
            o.put("count", counts[i]);
            o.put("sequential", f.sequential());
        }
        Command.Result r = Command.run(List.of("ip", "netns", "exec", bed.node, "python3", script().toString()), job.toString(), 600);
        if (!r.ok()) throw new IllegalStateException(rs.name() + ": traffic driver failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        JsonNode out;
        try {
            out = JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new IllegalStateException(rs.name() + ": traffic driver printed no JSON: " + r.stdout() + r.stderr(), e);
        }
        if (out.get("warnings").size() > 0) {
            // e.g. "WARNING: We have hit ENOBUFS! We are losing events.": the outcomes could not be trusted
            throw new IllegalStateException(rs.name() + ": conntrack -E: " + out.get("warnings"));
        }
        Map<String, ConntrackLine> conntrack = new HashMap<>();
        for (JsonNode line : out.get("conntrack")) {
            ConntrackLine c = ConntrackLine.parse(line.asText());
            conntrack.put(c.key(), c);
        }
        List<Observed> observed = new ArrayList<>();
        for (int i = 0; i < rs.flows().size(); i++) observed.add(new Observed(new TreeMap<>(), new ArrayList<>()));
        for (JsonNode res : out.get("results")) {
            int id = res.get(0).asInt();
            int sport = res.get(1).asInt();
            String result = res.get(2).asText();
            Flow f = rs.flows().get(id);
            ConntrackLine ct = conntrack.get(ConntrackLine.key(f.proto(), f.src(), sport, f.dst(), f.dport()));
            Observed o = observed.get(id);
            FlowOutcome outcome = classify(ct, result);
            if (outcome != null) o.counts().merge(outcome, 1, Integer::sum);
            else o.anomalies().add("sport " + sport + ": " + result + (ct == null ? " without a conntrack entry" : " with " + ct));
        }
        return observed;
    }

    /** The outcome of one connection, or null for an anomaly. */
    static FlowOutcome classify(ConntrackLine ct, String result) {
        if (ct != null) return ct.outcome();
        return switch (result) {
            case "refused" -> FlowOutcome.REJECT;
            case "timeout", "error:EPERM" -> FlowOutcome.DROP;
            default -> null;
        };
    }

    private static synchronized Path script() {
        if (script == null) {
            try (InputStream in = TrafficDriver.class.getResourceAsStream("/conformance/driver.py")) {
                if (in == null) throw new IllegalStateException("missing resource /conformance/driver.py");
                Path p = Files.createTempFile("kdp-conformance-driver", ".py");
                Files.write(p, in.readAllBytes());
                p.toFile().deleteOnExit();
                script = p;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return script;
    }
}
