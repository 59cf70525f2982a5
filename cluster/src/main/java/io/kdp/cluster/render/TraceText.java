package io.kdp.cluster.render;

import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.PacketTrace;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;

/**
 * Renders a connection trace as a numbered step list for an 80-column terminal: a heading per
 * packet, the host name when the packet moves to another host, one numbered line per step (long
 * lines wrapped with a hanging indent), and the disposition.
 */
public final class TraceText {
    /** Terminal width the output is laid out for. */
    public static final int WIDTH = 80;
    private static final int NUM = 5; // "  12 "
    private static final String INDENT = "       ";

    private TraceText() {}

    public static String render(ConnectionTrace t) {
        StringBuilder sb = new StringBuilder();
        sb.append("kdp trace ").append(t.protocol()).append(' ').append(t.from()).append(" -> ").append(t.to());
        if (!t.to().equals(t.destination())) sb.append(" (").append(t.destination()).append(')');
        sb.append('\n');
        sb.append("scenario ").append(t.scenario()).append(", kube-proxy ").append(t.proxyMode()).append(" mode, seed ").append(t.seed()).append("\n");
        int n = 0;
        int index = 0;
        for (PacketTrace p : t.packets()) {
            index++;
            sb.append('\n');
            wrap(sb, "[" + index + "/" + t.packets().size() + "] " + p.label() + " from " + p.sender() + ": " + p.packet(), "", "    ");
            for (Hop h : p.hops()) {
                sb.append("  ").append(h.host()).append('\n');
                for (Step s : h.steps()) {
                    n++;
                    String num = String.format("%" + (NUM - 1) + "d ", n);
                    wrap(sb, s.text(), "  " + num, INDENT + "  ");
                }
            }
            var o = p.outcome();
            wrap(sb, "=> " + o.disposition() + " at " + o.host() + (o.reason() == null || o.reason().isEmpty() ? "" : ": " + o.reason()), "  ", "     ");
        }
        sb.append('\n').append(t.complete() ? "connection complete: every packet was delivered\n" : "connection failed: see the last packet's disposition\n");
        return sb.toString();
    }

    /** Appends {@code text} wrapped at {@link #WIDTH}, breaking at spaces where possible. */
    static void wrap(StringBuilder sb, String text, String first, String rest) {
        String prefix = first;
        String remaining = text;
        while (true) {
            int room = WIDTH - prefix.length();
            if (remaining.length() <= room || room < 20) {
                sb.append(prefix).append(remaining).append('\n');
                return;
            }
            int cut = remaining.lastIndexOf(' ', room);
            if (cut <= room / 3) cut = room;
            sb.append(prefix).append(remaining.substring(0, cut).stripTrailing()).append('\n');
            remaining = remaining.substring(cut).stripLeading();
            prefix = rest;
        }
    }

}
