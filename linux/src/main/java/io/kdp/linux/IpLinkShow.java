package io.kdp.linux;

import io.kdp.linux.tunnel.IpipTunnelDevice;
import io.kdp.linux.tunnel.TunDevice;
import io.kdp.linux.tunnel.VxlanDevice;
import io.kdp.packet.MacAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints a namespace's devices as iproute2's {@code ip -d link show} does (ip/ipaddress.c
 * print_linkinfo; format of iproute2 6.1 on a 6.x kernel): the header line, the link-layer line with
 * promiscuity and MTU bounds, and a details line with the kind's attributes (vxlan, bridge, veth,
 * tun), the {@code bridge_slave} attributes of bridge ports, then the generic GSO/queue attributes.
 *
 * <p>Timers (hello, gc, forward delay) print as {@code 0.00}: the emulated bridge runs no STP and a
 * settled bridge's timers are not part of its configuration. veth has one queue pair per possible
 * CPU ({@link #CPUS}); the emulated hosts have two.
 */
public final class IpLinkShow {
    /** num_possible_cpus() of the emulated hosts: veth's default queue count. */
    public static final int CPUS = 2;

    private IpLinkShow() {}

    /** {@code ip -d link show} for every device of {@code ns}, in ifindex order. */
    public static String render(NetNamespace ns) {
        StringBuilder sb = new StringBuilder();
        Map<NetNamespace, Integer> netnsIds = new LinkedHashMap<>();
        for (NetDevice d : ns.devices()) render(sb, ns, d, netnsIds);
        return sb.toString();
    }

    private static void render(StringBuilder sb, NetNamespace ns, NetDevice d, Map<NetNamespace, Integer> netnsIds) {
        NetDevice peer = d instanceof VethDevice v ? v.peer() : null;
        sb.append(d.ifindex()).append(": ").append(d.name());
        if (peer != null) sb.append('@').append(peer.ns() == ns ? peer.name() : "if" + peer.ifindex());
        boolean carrier = carrier(d);
        sb.append(": <").append(flags(d, carrier)).append("> mtu ").append(d.mtu()).append(" qdisc ").append(qdisc(d));
        if (d.master() != null) sb.append(" master ").append(d.master().name());
        sb.append(" state ").append(operState(d, carrier)).append(" mode DEFAULT group default qlen ").append(d instanceof TunDevice ? 500 : 1000).append('\n');

        sb.append("    ");
        if (d instanceof LoopbackDevice) sb.append("link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00");
        else if (d instanceof IpipTunnelDevice) sb.append("link/ipip 0.0.0.0 brd 0.0.0.0");
        else if (d.hasLinkLayer()) sb.append("link/ether ").append(d.mac()).append(" brd ff:ff:ff:ff:ff:ff");
        else sb.append("link/none ");
        if (peer != null && peer.ns() != ns) sb.append(" link-netnsid ").append(netnsIds.computeIfAbsent(peer.ns(), k -> netnsIds.size()));
        int promisc = d.master() != null ? 1 : 0; // br_add_if sets promiscuity and allmulti on a port
        sb.append(" promiscuity ").append(promisc).append("  allmulti ").append(promisc);
        sb.append(" minmtu ").append(minMtu(d)).append(" maxmtu ").append(maxMtu(d)).append(' ');

        String kind = kindLine(d);
        if (!kind.isEmpty()) sb.append("\n    ").append(kind).append(' ');
        if (d.master() != null) sb.append("\n    ").append(bridgeSlave(d.master(), d)).append(' ');
        int queues = d instanceof VethDevice ? CPUS : 1;
        sb.append("addrgenmode ").append(d instanceof TunDevice ? "random" : "eui64")
                .append(" numtxqueues ").append(queues).append(" numrxqueues ").append(queues)
                .append(" gso_max_size 65536 gso_max_segs 65535 tso_max_size ").append(tsoMaxSize(d))
                .append(" tso_max_segs 65535 gro_max_size 65536 \n");
    }

    /** Whether the device has carrier: a veth's peer is up, a bridge has a port with carrier, a TUN is open. */
    static boolean carrier(NetDevice d) {
        if (d instanceof VethDevice v) return v.peer().isUp();
        if (d instanceof TunDevice t) return t.attached();
        if (d instanceof BridgeDevice b) return b.ports().stream().anyMatch(p -> p.isUp() && carrier(p));
        return true;
    }

    private static String flags(NetDevice d, boolean carrier) {
        StringBuilder f = new StringBuilder();
        if (d.isUp() && !carrier) f.append("NO-CARRIER,");
        if (d instanceof LoopbackDevice) f.append("LOOPBACK");
        else if (d instanceof TunDevice) f.append("POINTOPOINT,MULTICAST,NOARP");
        else if (d instanceof IpipTunnelDevice) f.append("NOARP");
        else if (d instanceof DummyDevice) f.append("BROADCAST,NOARP");
        else f.append("BROADCAST,MULTICAST");
        if (d.isUp()) f.append(carrier ? ",UP,LOWER_UP" : d instanceof VethDevice ? ",UP,M-DOWN" : ",UP");
        return f.toString();
    }

    private static String qdisc(NetDevice d) {
        if (!d.isUp()) return "noop";
        return d instanceof TunDevice ? "pfifo_fast" : "noqueue";
    }

    private static String operState(NetDevice d, boolean carrier) {
        if (!d.isUp()) return "DOWN";
        if (!carrier) return d instanceof VethDevice ? "LOWERLAYERDOWN" : "DOWN";
        if (d instanceof VethDevice || d instanceof BridgeDevice) return "UP";
        return "UNKNOWN"; // lo, vxlan, tun, dummy and ipip do not report an operational state
    }

    private static int minMtu(NetDevice d) {
        return d instanceof LoopbackDevice || d instanceof DummyDevice ? 0 : 68;
    }

    private static int maxMtu(NetDevice d) {
        if (d instanceof LoopbackDevice || d instanceof DummyDevice) return 0;
        if (d instanceof IpipTunnelDevice) return 65535 - 20; // IP_MAX_MTU minus the tunnel header
        return 65535;
    }

    private static int tsoMaxSize(NetDevice d) {
        // netif_set_tso_max_size(dev, GSO_MAX_SIZE) in loopback, veth, vxlan and bridge; TUN keeps the legacy 64 KiB.
        if (d instanceof LoopbackDevice || d instanceof VethDevice || d instanceof VxlanDevice || d instanceof BridgeDevice) return 524280;
        return 65536;
    }

    private static String kindLine(NetDevice d) {
        if (d instanceof LoopbackDevice) return "";
        if (d instanceof BridgeDevice b) return bridge(b);
        return d.kind();
    }

    /** bridge_print_opt: the attributes of a bridge that does not run STP or VLAN filtering. */
    private static String bridge(BridgeDevice b) {
        String id = bridgeId(b);
        return "bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time " + b.fdb().ageingSeconds() * 100
                + " stp_state 0 priority 32768 vlan_filtering 0 bridge_id " + id + " designated_root " + id
                + " root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 tcn_timer    0.00"
                + " topology_change_timer    0.00 gc_timer    0.00 group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1"
                + " no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0"
                + " mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2"
                + " mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500"
                + " mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124"
                + " mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0";
    }

    /** bridge_slave_print_opt for a port of a bridge without STP: forwarding once up, port numbers from 1 in enslaving order. */
    private static String bridgeSlave(BridgeDevice b, NetDevice port) {
        int no = b.ports().indexOf(port) + 1;
        int portId = 0x8000 | no;
        String id = bridgeId(b);
        return "bridge_slave state " + (port.isUp() && b.isUp() ? "forwarding" : "disabled") + " priority 32 cost 2 hairpin " + (b.hairpin(port) ? "on" : "off")
                + " guard off root_block off fastleave off learning on flood on port_id 0x" + Integer.toHexString(portId)
                + " port_no 0x" + Integer.toHexString(no) + " designated_port " + portId + " designated_cost 0 designated_bridge " + id
                + " designated_root " + id + " hold_timer    0.00 message_age_timer    0.00 forward_delay_timer    0.00"
                + " topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off"
                + " mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0"
                + " vlan_tunnel off isolated off locked off";
    }

    /** The bridge id as iproute2 prints it: priority in hex, then each MAC byte in unpadded hex ({@code 8000.6e:0:0:0:0:c}). */
    static String bridgeId(BridgeDevice b) {
        MacAddress m = b.mac();
        StringBuilder sb = new StringBuilder("8000.");
        long v = m == null ? 0 : m.value();
        for (int i = 5; i >= 0; i--) {
            sb.append(Long.toHexString((v >>> (8 * i)) & 0xff));
            if (i > 0) sb.append(':');
        }
        return sb.toString();
    }
}
