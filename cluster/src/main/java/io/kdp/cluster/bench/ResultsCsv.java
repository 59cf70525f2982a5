package io.kdp.cluster.bench;

import java.util.List;
import java.util.Locale;

/** {@code results.csv}: one line per {@link LookupResult}, nanoseconds with one decimal. */
public final class ResultsCsv {
    /** The header line. */
    public static final String HEADER = "mode,services,endpoints,position,connection,ns_per_packet";

    private ResultsCsv() {}

    /** The file's text: the header, then one line per result, each ending in a newline. */
    public static String render(List<LookupResult> results) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (LookupResult r : results) {
            sb.append(r.mode().modeName()).append(',').append(r.services()).append(',').append(r.endpoints()).append(',')
                    .append(r.position().label()).append(',').append(r.connection().label()).append(',').append(ns(r.nsPerPacket())).append('\n');
        }
        return sb.toString();
    }

    /** Nanoseconds as the results print them: one decimal, a dot. */
    static String ns(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
