package io.kdp.cluster.offline;

import java.util.List;
import java.util.Map;

/**
 * What {@code kdp iptables trace} is asked: an {@code iptables-save} dump, the packet, the node it
 * is loaded on, and whether to follow every {@code statistic} branch or draw one path.
 *
 * @param rulesSource the name parse errors cite (a file name, or {@code -} / {@code <stdin>})
 * @param rules the dump's text
 * @param packet the packet to trace
 * @param nodeIps the node's own addresses (besides 127.0.0.0/8)
 * @param sysctls sysctls set on the node after kdp's own (ip_forward=1), in order
 * @param allPaths follow every branch of {@code statistic --mode random} rules
 * @param seed seed for every random draw when not following all paths (and for NAT port choice)
 */
public record TraceRequest(String rulesSource, String rules, TracePacket packet, List<Integer> nodeIps,
                           Map<String, String> sysctls, boolean allPaths, long seed) {
    public TraceRequest {
        nodeIps = List.copyOf(nodeIps);
        sysctls = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sysctls));
    }
}
