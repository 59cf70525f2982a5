package io.kdp.cluster.capture;

import io.kdp.linux.Outcome;
import io.kdp.linux.trace.Hop;
import java.util.List;

/**
 * What happened to one frame of a replayed capture.
 *
 * @param number the frame's number in the capture, from 1 (as Wireshark numbers frames)
 * @param timestampNanos its capture time
 * @param summary the packet, tcpdump style, or the frame's size when it could not be decoded
 * @param outcome how its journey ended; null when it was skipped
 * @param skipped why it was not replayed (not IPv4, truncated...), or null
 * @param notes what kdp changed to inject it (an added or rewritten Ethernet header)
 * @param hops the steps it took
 */
public record ReplayedPacket(int number, long timestampNanos, String summary, Outcome outcome, String skipped, List<String> notes, List<Hop> hops) {
    public ReplayedPacket {
        notes = List.copyOf(notes);
        hops = List.copyOf(hops);
    }
}
