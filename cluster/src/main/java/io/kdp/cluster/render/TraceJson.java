package io.kdp.cluster.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.PacketTrace;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a connection trace as JSON with a stable layout (documented in the README): keys in a
 * fixed order; each step is an object with {@code "n"} (its number in the text output),
 * {@code "type"} (the step kind) and {@code "text"}, followed by the step's own fields (a field
 * named like one of those three is prefixed with the kind: the NAT step's type is {@code "natType"}).
 */
public final class TraceJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TraceJson() {}

    public static String render(ConnectionTrace t) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", t.scenario());
        root.put("proxyMode", t.proxyMode());
        root.put("from", t.from());
        root.put("to", t.to());
        root.put("destination", t.destination());
        root.put("protocol", t.protocol());
        root.put("seed", t.seed());
        root.put("complete", t.complete());
        List<Object> packets = new ArrayList<>();
        int n = 0;
        for (PacketTrace p : t.packets()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("label", p.label());
            pm.put("sender", p.sender());
            pm.put("packet", p.packet());
            List<Object> hops = new ArrayList<>();
            for (Hop h : p.hops()) {
                Map<String, Object> hm = new LinkedHashMap<>();
                hm.put("host", h.host());
                List<Object> steps = new ArrayList<>();
                for (Step s : h.steps()) steps.add(step(++n, s));
                hm.put("steps", steps);
                hops.add(hm);
            }
            pm.put("hops", hops);
            Map<String, Object> om = new LinkedHashMap<>();
            om.put("disposition", p.outcome().disposition().name());
            om.put("host", p.outcome().host());
            om.put("reason", p.outcome().reason());
            pm.put("outcome", om);
            packets.add(pm);
        }
        root.put("packets", packets);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> step(int n, Step s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("type", s.kind());
        m.put("text", s.text());
        for (RecordComponent c : s.getClass().getRecordComponents()) {
            try {
                String key = m.containsKey(c.getName()) ? s.kind() + Character.toUpperCase(c.getName().charAt(0)) + c.getName().substring(1) : c.getName();
                m.put(key, c.getAccessor().invoke(s));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }
}
