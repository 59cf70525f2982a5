package io.kdp.cluster.capture;

import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link ReplayReport} for an 80-column terminal: one line per frame (its number, the
 * packet, how it ended and where), each change kdp made to inject it, and with {@code full} every
 * step of its journey numbered as {@code kdp trace} numbers them.
 */
public final class ReplayText {
    private static final int WIDTH = 80;

    private ReplayText() {}

    public static String render(ReplayReport r, boolean full) {
        StringBuilder sb = new StringBuilder();
        sb.append("kdp replay ").append(r.file()).append(" at ").append(r.at())
                .append(r.socket() ? " (sent from its socket)" : " (received from the wire)").append('\n');
        sb.append("scenario ").append(r.scenario()).append(", kube-proxy ").append(r.proxyMode()).append(" mode, ")
                .append(r.packets().size()).append(r.packets().size() == 1 ? " frame" : " frames").append("\n\n");
        int step = 0;
        Map<String, Integer> tally = new TreeMap<>();
        for (ReplayedPacket p : r.packets()) {
            String head = String.format("%4d ", p.number());
            if (p.skipped() != null) {
                wrap(sb, p.summary() + "  => skipped: " + p.skipped(), head, "       ");
                tally.merge("skipped", 1, Integer::sum);
                continue;
            }
            tally.merge(p.outcome().disposition().name(), 1, Integer::sum);
            wrap(sb, p.summary() + "  => " + p.outcome().disposition() + " at " + p.outcome().host(), head, "       ");
            for (String note : p.notes()) wrap(sb, "note: " + note, "       ", "         ");
            if (!full) continue;
            for (Hop h : p.hops()) {
                sb.append("       ").append(h.host()).append('\n');
                for (Step s : h.steps()) wrap(sb, s.text(), String.format("  %5d ", ++step), "          ");
            }
            String reason = p.outcome().reason();
            wrap(sb, "=> " + p.outcome().disposition() + " at " + p.outcome().host() + (reason == null || reason.isEmpty() ? "" : ": " + reason),
                    "       ", "          ");
            sb.append('\n');
        }
        if (!full) sb.append('\n');
        StringBuilder t = new StringBuilder();
        tally.forEach((k, v) -> t.append(t.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        sb.append(r.packets().size()).append(r.packets().size() == 1 ? " frame" : " frames").append(t.length() == 0 ? "" : ": " + t).append('\n');
        return sb.toString();
    }

    /** Appends {@code text} wrapped at {@link #WIDTH} at spaces, later lines with prefix {@code rest}. */
    static void wrap(StringBuilder sb, String text, String first, String rest) {
        String prefix = first;
        String remaining = text;
        while (true) {
            int room = WIDTH - prefix.length();
            if (remaining.length() <= room) {
                sb.append(prefix).append(remaining).append('\n');
                return;
            }
            int cut = remaining.lastIndexOf(' ', room);
            if (cut <= room / 3) cut = room;
            sb.append(prefix).append(remaining, 0, cut).append('\n');
            remaining = remaining.substring(cut).stripLeading();
            prefix = rest;
        }
    }
}
