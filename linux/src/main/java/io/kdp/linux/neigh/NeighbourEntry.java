package io.kdp.linux.neigh;

import io.kdp.packet.Ip4;
import io.kdp.packet.MacAddress;

/**
 * One neighbour cache entry (struct neighbour) or proxy entry (struct pneigh_entry).
 *
 * @param ip     the neighbour's IPv4 address
 * @param dev    the device it is reachable on
 * @param lladdr link-layer address, null while INCOMPLETE/FAILED and for proxy entries
 * @param state  NUD state (NONE for proxy entries)
 * @param router NTF_ROUTER
 * @param proxy  a proxy-ARP entry ({@code ip neigh add proxy ADDR dev D})
 */
public record NeighbourEntry(int ip, String dev, MacAddress lladdr, NudState state, boolean router, boolean proxy) {
    public NeighbourEntry {
        if (dev == null || dev.isEmpty()) throw new IllegalArgumentException("Device and destination are required arguments.");
        if (state == null) throw new IllegalArgumentException("neighbour state is required");
    }

    /** An ordinary entry with a known address. */
    public static NeighbourEntry of(int ip, String dev, MacAddress lladdr, NudState state) {
        return new NeighbourEntry(ip, dev, lladdr, state, false, false);
    }

    /** A proxy-ARP entry. */
    public static NeighbourEntry proxy(int ip, String dev) {
        return new NeighbourEntry(ip, dev, null, NudState.NONE, false, true);
    }

    /**
     * The line {@code ip neigh show} prints (ip/ipneigh.c print_neigh), with its trailing space:
     * {@code 10.0.0.2 dev eth0 lladdr 02:42:ac:11:00:02 REACHABLE }, or {@code 10.0.0.50 dev eth0 proxy }
     * from {@code ip neigh show proxy}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        sb.append(Ip4.format(ip)).append(" dev ").append(dev).append(' ');
        if (lladdr != null) sb.append("lladdr ").append(lladdr).append(' ');
        if (router) sb.append("router ");
        if (proxy) sb.append("proxy ");
        if (state != NudState.NONE) sb.append(state.name()).append(' ');
        return sb.toString();
    }
}
