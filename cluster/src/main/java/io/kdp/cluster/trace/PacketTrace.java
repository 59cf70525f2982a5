package io.kdp.cluster.trace;

import io.kdp.linux.Outcome;
import io.kdp.linux.trace.Hop;
import java.util.List;

/**
 * One packet of a traced connection, from the socket that sent it to its end.
 *
 * @param label what it is in the conversation: {@code SYN}, {@code SYN-ACK}, {@code ACK}, {@code request}, {@code reply}
 * @param sender the host that sent it
 * @param packet the packet as the sender wrote it, tcpdump style
 * @param hops the steps it took, per host
 * @param outcome how it ended
 */
public record PacketTrace(String label, String sender, String packet, List<Hop> hops, Outcome outcome) {
    public PacketTrace {
        hops = List.copyOf(hops);
    }
}
