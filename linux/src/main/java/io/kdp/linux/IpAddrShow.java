package io.kdp.linux;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints a namespace's devices and addresses as iproute2's {@code ip addr show} does. */
public final class IpAddrShow {
    private IpAddrShow() {}

    public static String render(NetNamespace ns) {
        StringBuilder sb = new StringBuilder();
        Map<NetNamespace, Integer> netnsIds = new LinkedHashMap<>();
        for (NetDevice d : ns.devices()) {
            sb.append(d.ifindex()).append(": ").append(d.name());
            NetDevice peer = d instanceof VethDevice v ? v.peer() : null;
            if (peer != null) sb.append("@if").append(peer.ifindex());
            sb.append(": <").append(flags(d)).append("> mtu ").append(d.mtu()).append(" qdisc ").append(d.isUp() ? "noqueue" : "noop");
            if (d.master() != null) sb.append(" master ").append(d.master().name());
            sb.append(" state ").append(operState(d)).append(" group default qlen 1000\n");
            if (d instanceof LoopbackDevice) {
                sb.append("    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n");
            } else if (d.hasLinkLayer()) {
                sb.append("    link/ether ").append(d.mac()).append(" brd ff:ff:ff:ff:ff:ff");
                if (peer != null && peer.ns() != ns) sb.append(" link-netnsid ").append(netnsIds.computeIfAbsent(peer.ns(), k -> netnsIds.size()));
                sb.append('\n');
            } else {
                sb.append("    link/none \n");
            }
            for (Cidr a : d.addresses()) {
                sb.append("    inet ").append(a);
                if (a.prefixLength() < 31) sb.append(" brd ").append(Ip4.format(a.broadcast()));
                sb.append(" scope ").append(Ip4.isLoopback(a.address()) ? "host" : "global").append(' ').append(d.name()).append('\n');
                sb.append("       valid_lft forever preferred_lft forever\n");
            }
        }
        return sb.toString();
    }

    private static String flags(NetDevice d) {
        StringBuilder f = new StringBuilder();
        if (d instanceof LoopbackDevice) f.append("LOOPBACK");
        else f.append("BROADCAST");
        if (!(d instanceof LoopbackDevice)) f.append(d.arp() || d instanceof BridgeDevice ? ",MULTICAST" : ",NOARP");
        if (d.isUp()) f.append(",UP,LOWER_UP");
        return f.toString();
    }

    private static String operState(NetDevice d) {
        if (!d.isUp()) return "DOWN";
        if (d instanceof LoopbackDevice || d instanceof DummyDevice) return "UNKNOWN";
        return "UP";
    }
}
