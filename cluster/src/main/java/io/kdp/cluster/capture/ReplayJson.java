package io.kdp.cluster.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link ReplayReport} as JSON: {@code file}, {@code scenario}, {@code proxyMode},
 * {@code at}, {@code mode} ({@code socket} or {@code wire}) and {@code packets}, each with
 * {@code n}, {@code timestampNanos}, {@code summary}, then either {@code skipped} or
 * {@code disposition}, {@code host}, {@code reason} and {@code notes}; with {@code full} also
 * {@code hops}, whose steps have {@code n}, {@code type} and {@code text} as in {@code kdp trace -o json}.
 */
public final class ReplayJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReplayJson() {}

    public static String render(ReplayReport r, boolean full) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", r.file());
        root.put("scenario", r.scenario());
        root.put("proxyMode", r.proxyMode());
        root.put("at", r.at());
        root.put("mode", r.socket() ? "socket" : "wire");
        List<Object> packets = new ArrayList<>();
        int step = 0;
        for (ReplayedPacket p : r.packets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", p.number());
            m.put("timestampNanos", p.timestampNanos());
            m.put("summary", p.summary());
            if (p.skipped() != null) {
                m.put("skipped", p.skipped());
                packets.add(m);
                continue;
            }
            m.put("disposition", p.outcome().disposition().name());
            m.put("host", p.outcome().host());
            m.put("reason", p.outcome().reason());
            m.put("notes", p.notes());
            if (full) {
                List<Object> hops = new ArrayList<>();
                for (Hop h : p.hops()) {
                    List<Object> steps = new ArrayList<>();
                    for (Step s : h.steps()) {
                        Map<String, Object> sm = new LinkedHashMap<>();
                        sm.put("n", ++step);
                        sm.put("type", s.kind());
                        sm.put("text", s.text());
                        steps.add(sm);
                    }
                    Map<String, Object> hm = new LinkedHashMap<>();
                    hm.put("host", h.host());
                    hm.put("steps", steps);
                    hops.add(hm);
                }
                m.put("hops", hops);
            }
            packets.add(m);
        }
        root.put("packets", packets);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
