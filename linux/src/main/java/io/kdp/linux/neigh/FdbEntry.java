package io.kdp.linux.neigh;

import io.kdp.packet.Ip4;
import io.kdp.packet.MacAddress;

/**
 * One forwarding database entry (struct net_bridge_fdb_entry, or a vxlan_fdb remote).
 *
 * @param mac    the station's MAC ({@code 00:00:00:00:00:00} is a VXLAN device's default destination)
 * @param dev    the bridge port, or the VXLAN device itself
 * @param dst    VXLAN remote VTEP address, 0 for none
 * @param self   NTF_SELF: the entry belongs to the device's own table (VXLAN), not its master's
 * @param master the bridge the port belongs to, printed as {@code master BR}, null for none
 * @param state  permanent / static / dynamic (learned)
 */
public record FdbEntry(MacAddress mac, String dev, int dst, boolean self, String master, FdbState state) {
    public FdbEntry {
        if (mac == null || dev == null || dev.isEmpty()) throw new IllegalArgumentException("Device and address are required arguments.");
        if (state == null) throw new IllegalArgumentException("fdb state is required");
        if (master != null && master.isEmpty()) master = null;
    }

    /** A VXLAN remote as Flannel and Calico program it: {@code MAC dev VX dst IP self permanent}. */
    public static FdbEntry vxlan(MacAddress mac, String vxlanDev, int remote) {
        return new FdbEntry(mac, vxlanDev, remote, true, null, FdbState.PERMANENT);
    }

    /** A station learned on a bridge port: {@code MAC dev PORT master BR}. */
    public static FdbEntry learned(MacAddress mac, String port, String bridge) {
        return new FdbEntry(mac, port, 0, false, bridge, FdbState.DYNAMIC);
    }

    /**
     * The line {@code bridge fdb show} prints (bridge/fdb.c print_fdb): every field followed by a
     * space, then the state word, so a dynamic entry ends in a space:
     * {@code 6e:a1:b2:c3:d4:e5 dev flannel.1 dst 192.168.1.12 self permanent},
     * {@code 02:11:22:33:44:57 dev veth1 master cni0 }.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        sb.append(mac).append(" dev ").append(dev).append(' ');
        if (dst != 0) sb.append("dst ").append(Ip4.format(dst)).append(' ');
        if (self) sb.append("self ");
        if (master != null) sb.append("master ").append(master).append(' ');
        sb.append(state.text());
        return sb.toString();
    }
}
