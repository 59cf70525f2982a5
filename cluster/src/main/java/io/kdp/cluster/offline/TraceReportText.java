package io.kdp.cluster.offline;

/**
 * Renders an offline trace for people:
 * <pre>
 * packet tcp 10.0.0.5:40000 -> 10.96.45.7:80
 *
 * outcome 1 of 3, probability 0.333333333489: ACCEPT (forwarded out eth0)
 *   dnat        10.244.1.5:8080
 *   masquerade  yes
 *   mark        0x0
 *   ipvs        TCP 10.96.0.10:80 -> 10.244.1.5:8080, chosen by the rr scheduler   (only when IPVS decided)
 *   steps:
 *     1. nat PREROUTING rule 1: -A PREROUTING ...
 * </pre>
 */
public final class TraceReportText {
    private TraceReportText() {}

    /**
     * {@code TCP 10.96.0.10:80 -> 10.244.1.5:8080, chosen by the rr scheduler}, or
     * {@code TCP 10.96.0.10:80: the rr scheduler found no destination available}.
     */
    private static String ipvs(IpvsDecision d) {
        String scheduler = d.scheduler().contains(" ") ? d.scheduler() : "the " + d.scheduler() + " scheduler";
        String detail = d.detail() == null ? "" : " (" + d.detail() + ")";
        if (d.destination() == null) return d.service() + ": " + scheduler + " found no destination available" + detail;
        return d.service() + " -> " + d.destination() + ", chosen by " + scheduler + detail;
    }

    /** The text, one block per outcome. */
    public static String render(TraceReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("packet ").append(report.packet().describe()).append('\n');
        int n = 0, total = report.outcomes().size();
        for (TraceOutcome o : report.outcomes()) {
            sb.append('\n').append("outcome ").append(++n).append(" of ").append(total)
                    .append(", probability ").append(o.probability().toPlainString()).append(": ")
                    .append(o.verdict()).append(" (").append(o.ending()).append(")\n");
            sb.append("  dnat        ").append(o.dnat() == null ? "-" : o.dnat()).append('\n');
            sb.append("  masquerade  ").append(o.masquerade() ? "yes" : "no").append('\n');
            sb.append("  mark        ").append(o.markHex()).append('\n');
            if (o.ipvs() != null) sb.append("  ipvs        ").append(ipvs(o.ipvs())).append('\n');
            if (o.steps().isEmpty()) {
                sb.append("  steps: none (no rule matched)\n");
            } else {
                sb.append("  steps:\n");
                int i = 0;
                for (String s : o.steps()) sb.append("    ").append(++i).append(". ").append(s).append('\n');
            }
        }
        return sb.toString();
    }
}
