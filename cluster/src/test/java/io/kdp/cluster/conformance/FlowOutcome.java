package io.kdp.cluster.conformance;

import io.kdp.cluster.offline.TraceOutcome;
import io.kdp.cluster.offline.Verdict;
import java.util.Objects;

/**
 * What the conformance suite compares for one connection: how it ended, where destination NAT
 * sent it and whether its source was rewritten. Written {@code ACCEPT}, {@code ACCEPT dnat=10.0.1.1:80 masq},
 * {@code DROP} or {@code REJECT}.
 *
 * @param verdict ACCEPT (delivered locally or sent out of the node), DROP or REJECT
 * @param dnat the DNAT destination {@code IP:PORT}, or null
 * @param masquerade whether source NAT rewrote the connection's reply tuple
 */
record FlowOutcome(Verdict verdict, String dnat, boolean masquerade) implements Comparable<FlowOutcome> {
    FlowOutcome {
        Objects.requireNonNull(verdict, "verdict");
        if (verdict != Verdict.ACCEPT && (dnat != null || masquerade)) {
            throw new IllegalArgumentException(verdict + " cannot have dnat or masq: a dropped connection is never confirmed");
        }
    }

    static final FlowOutcome DROP = new FlowOutcome(Verdict.DROP, null, false);
    static final FlowOutcome REJECT = new FlowOutcome(Verdict.REJECT, null, false);

    /** The comparable part of one of kdp's trace outcomes (a dropped packet's conntrack entry is never confirmed, so its NAT does not count). */
    static FlowOutcome of(TraceOutcome o) {
        if (o.verdict() != Verdict.ACCEPT) return new FlowOutcome(o.verdict(), null, false);
        return new FlowOutcome(Verdict.ACCEPT, o.dnat(), o.masquerade());
    }

    /** Parses the written form ({@link #toString()}). */
    static FlowOutcome parse(String text) {
        String[] words = text.trim().split("\\s+");
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(words[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outcome \"" + text.trim() + "\": expected ACCEPT, DROP or REJECT first");
        }
        String dnat = null;
        boolean masq = false;
        for (int i = 1; i < words.length; i++) {
            if (words[i].startsWith("dnat=") && dnat == null) dnat = words[i].substring(5);
            else if (words[i].equals("masq") && !masq) masq = true;
            else throw new IllegalArgumentException("outcome \"" + text.trim() + "\": unexpected \"" + words[i] + "\" (expected dnat=IP:PORT or masq)");
        }
        return new FlowOutcome(verdict, dnat, masq);
    }

    @Override
    public String toString() {
        return verdict + (dnat == null ? "" : " dnat=" + dnat) + (masquerade ? " masq" : "");
    }

    @Override
    public int compareTo(FlowOutcome o) {
        return toString().compareTo(o.toString());
    }
}
