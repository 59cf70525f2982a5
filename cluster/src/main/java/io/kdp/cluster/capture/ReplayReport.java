package io.kdp.cluster.capture;

import java.util.List;

/**
 * The result of replaying a capture into a cluster.
 *
 * @param file the capture file as given
 * @param scenario the scenario name
 * @param proxyMode kube-proxy's mode
 * @param at where packets were injected, as given
 * @param socket true when sent from the host's socket, false when received on an interface
 * @param packets one entry per frame of the capture, in order
 */
public record ReplayReport(String file, String scenario, String proxyMode, String at, boolean socket, List<ReplayedPacket> packets) {
    public ReplayReport {
        packets = List.copyOf(packets);
    }
}
