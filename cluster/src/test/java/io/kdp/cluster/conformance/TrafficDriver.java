package io.kdp.cluster.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdp.cluster.offline.Verdict;
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
 * flow's namespace, and listeners in the node and backend namespaces at every port a connection
 * can arrive at) and turns what it saw into one outcome per connection. The node's conntrack entry
 * (found by the connection's original tuple) says whether the kernel confirmed the connection and
 * how it NATed it; the socket says whether it got through:
 * <ul>
 *   <li>connected: ACCEPT, with the DNAT destination and masquerade read from the entry's tuples;</li>
 *   <li>refused (TCP reset or ICMP port unreachable): REJECT;</li>
 *   <li>no answer within {@link #TIMEOUT_SECONDS}: ACCEPT if the entry exists and leads off the node
 *       (the packet left; nothing answers there, e.g. a hairpin reply that stays in the backend), else DROP.
 *       A locally generated packet for a local address is confirmed on POSTROUTING before INPUT sees it,
 *       so there an entry does not mean it was accepted;</li>
 *   <li>EPERM (netfilter dropped a locally sent packet on OUTPUT) or EINVAL (the output route refuses a
 *       127.0.0.0/8 source on a non-loopback device without route_localnet): DROP, the packet never left.</li>
 * </ul>
 * Anything else (a connection without a conntrack entry, another error) is reported as an anomaly.
 */
final class TrafficDriver {
    /** How long a connection waits for an answer before it counts as dropped. */
    static final double TIMEOUT_SECONDS = 0.6;
    /** Connections in flight at once. */
    static final int WINDOW = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path script;

    /**
     * What the kernel did with one flow's connections.
     *
     * @param portCollisions connections counted as masqueraded though their tuples were unchanged (see {@link #mergePortCollisions})
     */
    record Observed(Map<FlowOutcome, Integer> counts, List<String> anomalies, int[] portCollisions) {
        int connections() {
            int n = anomalies.size();
            for (int c : counts.values()) n += c;
            return n;
        }
    }

    private TrafficDriver() {}

    /** Runs {@code counts[i]} connections of every flow i; returns what was observed per flow. */
    static List<Observed> run(KernelTestbed bed, RuleSet rs, int[] counts, java.util.Set<Integer> listenPorts) {
        ObjectNode job = JSON.createObjectNode();
        ObjectNode ns = job.putObject("namespaces");
        ns.put("client", "/run/netns/" + bed.client);
        ns.put("backend", "/run/netns/" + bed.backend);
        job.put("timeout", TIMEOUT_SECONDS);
        job.put("window", WINDOW);
        ObjectNode listen = job.putObject("listen");
        ArrayNode onNode = listen.putArray("node"), onBackend = listen.putArray("backend");
        for (int port : listenPorts) {
            onNode.add(port);
            onBackend.add(port);
        }
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
        Map<String, ConntrackLine> conntrack = new HashMap<>();
        for (JsonNode line : out.get("conntrack")) {
            ConntrackLine c = ConntrackLine.parse(line.asText());
            conntrack.put(c.key(), c);
        }
        List<Observed> observed = new ArrayList<>();
        for (int i = 0; i < rs.flows().size(); i++) observed.add(new Observed(new TreeMap<>(), new ArrayList<>(), new int[1]));
        for (JsonNode res : out.get("results")) {
            int id = res.get(0).asInt();
            int sport = res.get(1).asInt();
            String result = res.get(2).asText();
            Flow f = rs.flows().get(id);
            ConntrackLine ct = conntrack.get(ConntrackLine.key(f.proto(), f.src(), sport, f.dst(), f.dport()));
            Observed o = observed.get(id);
            FlowOutcome outcome = classify(rs, ct, result);
            if (outcome != null) o.counts().merge(outcome, 1, Integer::sum);
            else o.anomalies().add("sport " + sport + ": " + result + (ct == null ? " without a conntrack entry" : " with " + ct));
        }
        for (int i = 0; i < observed.size(); i++) {
            if (rs.isLocal(rs.flows().get(i).src())) mergePortCollisions(observed.get(i));
        }
        return observed;
    }

    /**
     * A connection the node itself opens from its own address and that MASQUERADE rewrites to the same
     * address keeps its tuple (so conntrack shows no source NAT) when {@code --random-fully} happens to pick
     * the port it already had: a chance of 1 in 64512 per connection (ports 1024-65535), enough to matter
     * over the corpus. When a flow from a node address shows the same DNAT both with and without masquerade,
     * the unmasqueraded connections are such collisions and are counted as masqueraded (no flow of the
     * corpus masquerades only some of its connections to one destination).
     */
    static void mergePortCollisions(Observed o) {
        for (FlowOutcome plain : List.copyOf(o.counts().keySet())) {
            if (plain.verdict() != Verdict.ACCEPT || plain.masquerade()) continue;
            FlowOutcome masq = new FlowOutcome(Verdict.ACCEPT, plain.dnat(), true);
            if (!o.counts().containsKey(masq)) continue;
            int n = o.counts().remove(plain);
            o.counts().merge(masq, n, Integer::sum);
            o.portCollisions()[0] += n;
        }
    }

    /** The outcome of one connection, or null for an anomaly. */
    static FlowOutcome classify(RuleSet rs, ConntrackLine ct, String result) {
        return switch (result) {
            case "connected" -> ct == null ? null : ct.outcome();
            case "refused" -> FlowOutcome.REJECT;
            case "timeout" -> ct != null && !rs.isLocal(ct.replySrc()) ? ct.outcome() : FlowOutcome.DROP;
            case "error:EPERM", "error:EINVAL" -> ct == null ? FlowOutcome.DROP : null;
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
