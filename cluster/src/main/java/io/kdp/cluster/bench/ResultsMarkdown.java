package io.kdp.cluster.bench;

import java.util.List;

/** {@code results.md}: the rows of {@code results.csv} as a Markdown table. */
public final class ResultsMarkdown {
    /** The table's header and alignment lines. */
    public static final String HEADER = "| mode | services | endpoints | position | connection | ns_per_packet |\n"
            + "|------|---------:|----------:|----------|------------|--------------:|\n";

    private ResultsMarkdown() {}

    /** The file's text: a title line, a blank line, then the table. */
    public static String render(List<LookupResult> results) {
        StringBuilder sb = new StringBuilder("# kdp bench: per-packet service decision\n\n").append(HEADER);
        for (LookupResult r : results) {
            sb.append("| ").append(r.mode().modeName()).append(" | ").append(r.services()).append(" | ").append(r.endpoints())
                    .append(" | ").append(r.position().label()).append(" | ").append(r.connection().label()).append(" | ")
                    .append(ResultsCsv.ns(r.nsPerPacket())).append(" |\n");
        }
        return sb.toString();
    }
}
