package io.kdp.linux.nftables;

/** nft time values: {@code 10800s}, {@code 3h}, {@code 1m30s}, {@code 1d2h3m4s5ms}, parsed and printed. */
final class NftTime {
    private static final long MS = 1_000_000L;

    private NftTime() {}

    /** Parses a time into nanoseconds. */
    static long parse(String text) {
        long total = 0;
        int i = 0, n = text.length();
        if (n == 0) throw bad(text);
        while (i < n) {
            int start = i;
            while (i < n && Character.isDigit(text.charAt(i))) i++;
            if (i == start) throw bad(text);
            long v = Long.parseLong(text.substring(start, i));
            int u = i;
            while (i < n && Character.isLetter(text.charAt(i))) i++;
            String unit = text.substring(u, i);
            total += v * switch (unit) {
                case "d" -> 86_400_000 * MS;
                case "h" -> 3_600_000 * MS;
                case "m" -> 60_000 * MS;
                case "s", "" -> 1_000 * MS;
                case "ms" -> MS;
                default -> throw bad(text);
            };
        }
        return total;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("Wrong time format \"" + text + "\", expected e.g. 10800s or 3h");
    }

    /** Formats nanoseconds as nft prints (time_print): {@code 1m29s992ms}. */
    static String format(long nanos) {
        long ms = nanos / MS;
        long d = ms / 86_400_000, h = ms / 3_600_000 % 24, m = ms / 60_000 % 60, s = ms / 1000 % 60, r = ms % 1000;
        StringBuilder sb = new StringBuilder();
        if (d > 0) sb.append(d).append('d');
        if (h > 0) sb.append(h).append('h');
        if (m > 0) sb.append(m).append('m');
        if (s > 0) sb.append(s).append('s');
        if (r > 0) sb.append(r).append("ms");
        return sb.length() == 0 ? "0s" : sb.toString();
    }
}
