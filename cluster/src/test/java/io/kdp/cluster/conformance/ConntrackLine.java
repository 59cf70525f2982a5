package io.kdp.cluster.conformance;

import io.kdp.cluster.offline.Verdict;

/**
 * One line of {@code conntrack -L} or {@code conntrack -E} (after its {@code [NEW]} tag): the
 * original and reply tuples of a confirmed connection, e.g. {@code [NEW] tcp 6 120 SYN_SENT src=192.168.0.50 dst=10.96.0.11 sport=20000 dport=80 src=10.244.1.11
 * dst=192.168.0.11 sport=8080 dport=41234}. The kernel sets up NAT by
 * rewriting the reply tuple (nf_nat_setup_info), so the tuples say where DNAT sent the connection
 * and whether its source was rewritten, as kdp's trace reports them.
 */
record ConntrackLine(String proto, String src, String dst, int sport, int dport,
                     String replySrc, String replyDst, int replySport, int replyDport) {
    /** Parses a line; throws IllegalArgumentException naming the line when it lacks a tuple. */
    static ConntrackLine parse(String line) {
        String[] w = line.trim().split("\\s+");
        int first = 0;
        while (first < w.length && w[first].startsWith("[")) first++; // conntrack -E: [NEW], or a timestamp
        if (first == w.length) throw new IllegalArgumentException("conntrack line without a protocol: " + line);
        String[] src = new String[2], dst = new String[2];
        int[] sport = {-1, -1}, dport = {-1, -1};
        int srcs = 0, dsts = 0, sports = 0, dports = 0;
        for (String word : w) {
            int eq = word.indexOf('=');
            if (eq < 0) continue;
            String k = word.substring(0, eq), v = word.substring(eq + 1);
            switch (k) {
                case "src" -> { if (srcs < 2) src[srcs++] = v; }
                case "dst" -> { if (dsts < 2) dst[dsts++] = v; }
                case "sport" -> { if (sports < 2) sport[sports++] = Integer.parseInt(v); }
                case "dport" -> { if (dports < 2) dport[dports++] = Integer.parseInt(v); }
                default -> { }
            }
        }
        if (srcs < 2 || dsts < 2) throw new IllegalArgumentException("conntrack line without two tuples: " + line);
        return new ConntrackLine(w[first], src[0], dst[0], sport[0], dport[0], src[1], dst[1], sport[1], dport[1]);
    }

    /** The key the driver's connections are found by: {@code tcp 192.168.0.50:20000 10.96.0.11:80}. */
    String key() {
        return key(proto, src, sport, dst, dport);
    }

    static String key(String proto, String src, int sport, String dst, int dport) {
        return proto + " " + src + ":" + sport + " " + dst + ":" + dport;
    }

    /** The connection as the suite compares it: accepted, with the DNAT destination and whether the source was rewritten. */
    FlowOutcome outcome() {
        String dnat = replySrc.equals(dst) && replySport == dport ? null : replySrc + ":" + replySport;
        boolean masq = !replyDst.equals(src) || replyDport != sport;
        return new FlowOutcome(Verdict.ACCEPT, dnat, masq);
    }
}
