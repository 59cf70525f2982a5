package io.kdp.cni;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.BitSet;

/**
 * The host-local IPAM plugin: hands out addresses of one node's pod CIDR in order, skipping the
 * network address, the first address (reserved as gateway, as host-local's default range start
 * does) and the broadcast address.
 */
public final class HostLocalIpam {
    private final Cidr range;
    private final BitSet used = new BitSet();

    public HostLocalIpam(Cidr range) {
        this.range = range.toNetwork();
    }

    public Cidr range() {
        return range;
    }

    /** Reserves an address a manifest already gives (status.podIP); fails if taken or outside the range. */
    public void reserve(int address) {
        if (!range.contains(address)) throw new IllegalArgumentException(Ip4.format(address) + " is outside " + range);
        int i = address - range.network();
        if (used.get(i)) throw new IllegalArgumentException(Ip4.format(address) + " is already allocated");
        used.set(i);
    }

    /** The next free address. */
    public int allocate() {
        long size = range.size();
        for (int i = 2; i < size - 1; i++) {
            if (!used.get(i)) {
                used.set(i);
                return range.network() + i;
            }
        }
        throw new IllegalStateException("no free address left in " + range);
    }
}
