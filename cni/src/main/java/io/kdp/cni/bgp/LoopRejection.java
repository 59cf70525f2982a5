package io.kdp.cni.bgp;

import io.kdp.packet.Cidr;

/**
 * A received route discarded by loop prevention: its AS_PATH holds the local AS (RFC 4271 9.1.2),
 * its ORIGINATOR_ID is the receiver's router ID, or its CLUSTER_LIST holds the receiver's cluster
 * ID (RFC 4456 section 8).
 */
public record LoopRejection(String speaker, String neighbor, Cidr prefix, Reason reason) {
    public enum Reason { AS_PATH, ORIGINATOR_ID, CLUSTER_LIST }
}
