package io.kdp.cluster.trace;

import java.util.List;

/**
 * A traced conversation: every packet of it, in order.
 *
 * @param scenario the scenario name
 * @param proxyMode kube-proxy's mode on the nodes
 * @param from the client as given
 * @param to the target as given
 * @param destination the address and port the client connects to
 * @param protocol tcp, udp or icmp
 * @param seed the seed of the random choices
 * @param packets the packets in the order they were sent
 * @param complete whether the conversation finished (every packet delivered)
 */
public record ConnectionTrace(String scenario, String proxyMode, String from, String to, String destination, String protocol, long seed,
                              List<PacketTrace> packets, boolean complete) {
    public ConnectionTrace {
        packets = List.copyOf(packets);
    }
}
