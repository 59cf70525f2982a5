package io.kdp.linux;

import io.kdp.linux.tunnel.VxlanDevice;
import io.kdp.linux.neigh.FdbEntry;

/**
 * {@code bridge fdb show} for a whole namespace (rtnl_fdb_dump): devices in ifindex order, each
 * with the entries its bridge holds for it ({@code master BR}) and, for VXLAN devices, its own
 * ({@code self}) entries. The {@code self permanent} multicast addresses every device has in its
 * address lists ({@code 33:33:00:00:00:01}, {@code 01:00:5e:00:00:01}) are not modelled.
 */
public final class BridgeFdbShow {
    private BridgeFdbShow() {}

    public static String render(NetNamespace ns) {
        StringBuilder sb = new StringBuilder();
        for (NetDevice d : ns.devices()) {
            BridgeDevice br = d instanceof BridgeDevice b ? b : d.master();
            if (br != null) {
                // Entries of one device in the order the bridge's own dump lists them (BridgeDevice#fdbShow).
                for (FdbEntry e : br.fdb().entries()) if (e.dev().equals(d.name())) sb.append(e).append('\n');
            }
            if (d instanceof VxlanDevice vx) sb.append(vx.fdbShow());
        }
        return sb.toString();
    }
}
