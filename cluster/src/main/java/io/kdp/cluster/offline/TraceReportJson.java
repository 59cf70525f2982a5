package io.kdp.cluster.offline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an offline trace as JSON, keys in this order:
 * <pre>{@code
 * {"packet": {"src": "10.0.0.5", "dst": "10.96.45.7", "proto": "tcp", "sport": 40000, "dport": 80},
 *  "outcomes": [{"probability": 0.333333333489, "verdict": "ACCEPT", "dnat": "10.244.1.5:8080",
 *                "masquerade": true, "mark": "0x0", "steps": ["nat PREROUTING rule 1: -A PREROUTING ...", ...]}]}
 * }</pre>
 * {@code dnat} is null without DNAT; probabilities are plain decimal numbers. An outcome whose packet met an IPVS
 * virtual service also has, before {@code steps}, the scheduler that chose its real server (and {@code detail}, such
 * as {@code "persistent 10800s"}, when the decision had one):
 * <pre>{@code
 *   "ipvs": {"service": "TCP 10.96.0.10:80", "scheduler": "rr", "destination": "10.244.1.5:8080"},
 * }</pre>
 */
public final class TraceReportJson {
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
    /** Two-space indentation, one array element per line, {@code "key": value}. */
    private static final ObjectWriter WRITER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""))
                    .withObjectIndenter(INDENT)
                    .withArrayIndenter(INDENT));

    private TraceReportJson() {}

    private static Map<String, Object> ipvs(IpvsDecision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", d.service());
        m.put("scheduler", d.scheduler());
        m.put("destination", d.destination());
        if (d.detail() != null) m.put("detail", d.detail());
        return m;
    }

    /** The JSON text, pretty-printed, with a final newline. */
    public static String render(TraceReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        TracePacket p = report.packet();
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("src", Ip4.format(p.src()));
        pm.put("dst", Ip4.format(p.dst()));
        pm.put("proto", p.protocolName());
        pm.put("sport", p.sport());
        pm.put("dport", p.dport());
        root.put("packet", pm);
        List<Object> outcomes = new ArrayList<>();
        for (TraceOutcome o : report.outcomes()) {
            Map<String, Object> om = new LinkedHashMap<>();
            om.put("probability", o.probability());
            om.put("verdict", o.verdict().name());
            om.put("dnat", o.dnat());
            om.put("masquerade", o.masquerade());
            om.put("mark", o.markHex());
            if (o.ipvs() != null) om.put("ipvs", ipvs(o.ipvs()));
            om.put("steps", o.steps());
            outcomes.add(om);
        }
        root.put("outcomes", outcomes);
        try {
            return WRITER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
