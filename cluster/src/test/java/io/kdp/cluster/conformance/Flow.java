package io.kdp.cluster.conformance;

import io.kdp.packet.Ip4;
import java.util.Objects;
import java.util.Set;

/**
 * One flow of the corpus: the first packet of new connections from {@code src} to {@code dst:dport}.
 *
 * @param label what the flow exercises (printed on a mismatch)
 * @param proto {@code tcp} or {@code udp}
 * @param sequential run its connections one at a time with the node's {@code recent} lists flushed
 *                   before each (session affinity: every connection is a first one)
 * @param expected the outcomes the corpus states (hand-written flows), or null: then only kdp and the kernel are compared
 */
record Flow(String label, String proto, String src, String dst, int dport, boolean sequential, Set<FlowOutcome> expected) {
    Flow {
        Objects.requireNonNull(label, "label");
        if (!proto.equals("tcp") && !proto.equals("udp")) throw new IllegalArgumentException("flow " + label + ": protocol " + proto + " (expected tcp or udp)");
        if (!Ip4.isValid(src) || !Ip4.isValid(dst)) throw new IllegalArgumentException("flow " + label + ": bad address " + src + " or " + dst);
        if (dport < 1 || dport > 65535) throw new IllegalArgumentException("flow " + label + ": port " + dport);
        expected = expected == null ? null : Set.copyOf(expected);
    }

    /** {@code tcp 192.168.0.50 -> 10.96.0.11:80}. */
    String describe() {
        return proto + " " + src + " -> " + dst + ":" + dport;
    }
}
