package io.kdp.cni.calico.ipam;

import io.kdp.packet.Cidr;

/**
 * A Calico IPPool (projectcalico.org/v3 IPPoolSpec) as IPAM and the data plane use it. The
 * {@code nodeSelector} is kept for display but not evaluated: every pool selects every node.
 *
 * @param name        metadata.name, e.g. {@code default-ipv4-ippool}
 * @param cidr        spec.cidr, no host bits
 * @param blockSize   spec.blockSize, the prefix length of the blocks carved from the pool (IPv4: 20..32, default 26)
 * @param ipipMode    spec.ipipMode
 * @param vxlanMode   spec.vxlanMode
 * @param natOutgoing spec.natOutgoing
 * @param nodeSelector spec.nodeSelector (ignored; {@code all()} by default)
 */
public record IpPool(String name, Cidr cidr, int blockSize, EncapMode ipipMode, EncapMode vxlanMode, boolean natOutgoing,
                     String nodeSelector) {
    /** Calico's default IPv4 block size. */
    public static final int DEFAULT_BLOCK_SIZE = 26;

    public IpPool {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("IPPool needs a name");
        if (cidr == null) throw new IllegalArgumentException("IPPool " + name + ": spec.cidr is required");
        if (cidr.address() != cidr.network()) {
            throw new IllegalArgumentException("IPPool " + name + ": spec.cidr " + cidr + " has host bits set; did you mean " + cidr.toNetwork() + "?");
        }
        // libcalico-go validation: IPv4 block sizes 20..32, and the block must fit in the pool.
        if (blockSize < 20 || blockSize > 32) {
            throw new IllegalArgumentException("IPPool " + name + ": spec.blockSize " + blockSize + " is not in 20..32");
        }
        if (blockSize < cidr.prefixLength()) {
            throw new IllegalArgumentException("IPPool " + name + ": spec.blockSize /" + blockSize + " is larger than the pool " + cidr);
        }
        if (ipipMode == null) ipipMode = EncapMode.NEVER;
        if (vxlanMode == null) vxlanMode = EncapMode.NEVER;
        if (ipipMode != EncapMode.NEVER && vxlanMode != EncapMode.NEVER) {
            throw new IllegalArgumentException("IPPool " + name + ": ipipMode " + ipipMode + " and vxlanMode " + vxlanMode
                + " cannot both be enabled");
        }
        if (nodeSelector == null || nodeSelector.isEmpty()) nodeSelector = "all()";
    }

    /** A pool with Calico's defaults: blockSize 26, no encapsulation, natOutgoing off. */
    public static IpPool of(String name, Cidr cidr) {
        return new IpPool(name, cidr, DEFAULT_BLOCK_SIZE, EncapMode.NEVER, EncapMode.NEVER, false, "all()");
    }

    public IpPool withBlockSize(int size) {
        return new IpPool(name, cidr, size, ipipMode, vxlanMode, natOutgoing, nodeSelector);
    }

    public IpPool withIpipMode(EncapMode mode) {
        return new IpPool(name, cidr, blockSize, mode, vxlanMode, natOutgoing, nodeSelector);
    }

    public IpPool withVxlanMode(EncapMode mode) {
        return new IpPool(name, cidr, blockSize, ipipMode, mode, natOutgoing, nodeSelector);
    }

    public IpPool withNatOutgoing(boolean nat) {
        return new IpPool(name, cidr, blockSize, ipipMode, vxlanMode, nat, nodeSelector);
    }

    /** Number of blocks the pool holds. */
    public int blockCount() {
        return 1 << (blockSize - cidr.prefixLength());
    }

    /** The i-th block of the pool, in address order. */
    public Cidr block(int i) {
        if (i < 0 || i >= blockCount()) throw new IllegalArgumentException("block " + i + " is outside " + cidr);
        return new Cidr(cidr.network() + (i << (32 - blockSize)), blockSize);
    }

    /** The block that holds {@code ip} (getBlockCIDRForAddress); the address must be in the pool. */
    public Cidr blockOf(int ip) {
        if (!cidr.contains(ip)) throw new IllegalArgumentException(io.kdp.packet.Ip4.format(ip) + " is outside pool " + cidr);
        return new Cidr(ip, blockSize).toNetwork();
    }
}
