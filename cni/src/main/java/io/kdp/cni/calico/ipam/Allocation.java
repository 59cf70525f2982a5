package io.kdp.cni.calico.ipam;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;

/**
 * One allocated address: who holds it and which block it came from.
 *
 * @param address the pod's address
 * @param handle  the IPAM handle (Calico's CNI uses {@code k8s-pod-network.<containerID>})
 * @param node    the node the address was assigned for (allocation attribute {@code node})
 * @param block   the block holding the address
 * @param blockAffinity the node the block is affine to, null for a block with no affinity
 */
public record Allocation(int address, String handle, String node, Cidr block, String blockAffinity) {
    /** Whether the address was borrowed: its block is not affine to the node that holds it. */
    public boolean borrowed() {
        return !node.equals(blockAffinity);
    }

    /** The address as a /32. */
    public Cidr host() {
        return Cidr.host(address);
    }

    @Override
    public String toString() {
        return Ip4.format(address) + " " + handle + " on " + node + (borrowed() ? " (borrowed from " + block + ")" : "");
    }
}
