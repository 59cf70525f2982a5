package io.kdp.linux;

import io.kdp.linux.neigh.Fdb;
import io.kdp.linux.neigh.FdbEntry;
import io.kdp.linux.neigh.FdbParser;
import io.kdp.linux.neigh.FdbState;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.route.Route;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;
import io.kdp.packet.EtherType;
import io.kdp.packet.Ip4;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A Linux bridge (net/bridge). Ports are enslaved devices; frames are forwarded by the forwarding
 * database ({@link Fdb}: learned entries age out after {@code ageing_time}, 300 s, on the virtual
 * clock; static and permanent entries do not), or flooded to every other port when the destination is
 * unknown. Frames for a local entry (the bridge's own address, a port's own address, or a
 * {@code permanent} entry) go up to the bridge device's IP stack; broadcasts are flooded and go up.
 *
 * <p>With br_netfilter ({@link NetNamespace#brNetfilter(boolean)} and
 * {@code net.bridge.bridge-nf-call-iptables=1}), bridged IPv4 frames also traverse the iptables hooks
 * (net/bridge/br_netfilter_hooks.c): PREROUTING before the forwarding decision with the bridge as
 * input device (br_nf_pre_routing), then FORWARD with the bridge as input and output device
 * (br_nf_forward_ip) and POSTROUTING (br_nf_post_routing), so conntrack and NAT see traffic between
 * two ports of one bridge. When PREROUTING's DNAT changes the destination address, the frame is
 * re-routed (br_nf_pre_routing_finish): to a destination behind the bridge it stays bridged with the
 * new destination's MAC; anywhere else it goes up to the IP layer and is routed. Frames to the
 * bridge's own address run PREROUTING once either way (ip_sabotage_in skips the second pass).
 */
public final class BridgeDevice extends NetDevice {
    private final List<NetDevice> ports = new ArrayList<>();
    private final java.util.Set<NetDevice> hairpinPorts = new java.util.HashSet<>();
    private final Fdb fdb;

    public BridgeDevice(NetNamespace ns, String name, MacAddress mac) {
        super(ns, name, mac, 1500);
        this.fdb = new Fdb(ns.clock());
        ns.register(this);
        // br_dev_init / br_fdb_change_mac_address: the bridge's own address is a local entry.
        if (mac != null) fdb.add(new FdbEntry(mac, name, 0, false, name, FdbState.PERMANENT));
    }

    @Override
    public String kind() {
        return "bridge";
    }

    /** {@code ip link set PORT master BRIDGE}: the port's own address becomes a local (permanent) entry. */
    public void addPort(NetDevice port) {
        if (port.ns() != ns()) throw new IllegalArgumentException(port + " is not in " + ns().name());
        if (port.master() != null) throw new IllegalArgumentException(port + " is already enslaved to " + port.master().name());
        ports.add(port);
        port.master(this);
        if (port.mac() != null && fdb.lookup(port.mac().value()) == null) {
            fdb.add(new FdbEntry(port.mac(), port.name(), 0, false, name(), FdbState.PERMANENT));
        }
    }

    public List<NetDevice> ports() {
        return Collections.unmodifiableList(ports);
    }

    /**
     * {@code bridge link set dev PORT hairpin on|off} (BR_HAIRPIN_MODE): with it on, a frame may be
     * forwarded or flooded back out of the port it came in on (br_forward.c should_deliver), which
     * the CNI bridge plugin's {@code hairpinMode} turns on so a pod reaches itself through a Service.
     */
    public void hairpin(NetDevice port, boolean on) {
        if (!ports.contains(port)) throw new IllegalArgumentException(port + " is not a port of " + name());
        if (on) hairpinPorts.add(port);
        else hairpinPorts.remove(port);
    }

    /** Whether hairpin mode is on for {@code port}. */
    public boolean hairpin(NetDevice port) {
        return hairpinPorts.contains(port);
    }

    /** The forwarding database. */
    public Fdb fdb() {
        return fdb;
    }

    /** Learns that {@code mac} is behind {@code port} (br_fdb_update). */
    void learn(MacAddress mac, NetDevice port) {
        if (ports.contains(port) && !mac.isMulticast()) fdb.learn(mac.value(), port.name(), name());
    }

    /** The port a MAC is forwarded to, or null (unknown, or a local entry of the bridge itself). */
    public NetDevice portOf(MacAddress mac) {
        FdbEntry e = fdb.lookup(mac.value());
        if (e == null) return null;
        NetDevice d = ns().device(e.dev());
        return ports.contains(d) ? d : null;
    }

    /**
     * {@code bridge fdb add|append|replace|del MAC dev PORT master [static|permanent]} on this bridge's
     * database; the state defaults to permanent, which makes a local entry, as the kernel does.
     */
    public void bridgeFdb(String command) {
        String c = command.trim();
        int sp = c.indexOf(' ');
        String verb = sp < 0 ? c : c.substring(0, sp);
        FdbEntry e = FdbParser.parseAdd(sp < 0 ? "" : c.substring(sp + 1));
        NetDevice dev = ns().device(e.dev());
        if (dev == null) throw new io.kdp.linux.route.RtnetlinkException("Cannot find device \"" + e.dev() + "\"");
        if (dev != this && !ports.contains(dev)) throw new IllegalArgumentException("bridge fdb: " + e.dev() + " is not a port of " + name());
        FdbEntry own = new FdbEntry(e.mac(), e.dev(), 0, false, name(), e.state());
        switch (verb) {
            case "add" -> fdb.add(own);
            case "append" -> fdb.append(own);
            case "replace" -> fdb.replace(own);
            case "del", "delete" -> fdb.delete(e.mac(), 0);
            default -> throw new IllegalArgumentException("bridge fdb: unknown command \"" + verb + "\"");
        }
    }

    /**
     * {@code bridge fdb show br BRIDGE} for the bridge's own database (without the {@code self}
     * multicast-address entries of each device's address lists, which are not modelled): one line per
     * entry, grouped by device in ifindex order as the rtnetlink dump walks them, newest first within
     * a device, e.g. {@code 02:42:0a:f4:00:02 dev veth1 master cni0 } for a learned station.
     */
    public String fdbShow() {
        List<FdbEntry> entries = new ArrayList<>(fdb.entries());
        entries.sort(Comparator.comparingInt(e -> {
            NetDevice d = ns().device(e.dev());
            return d == null ? Integer.MAX_VALUE : d.ifindex();
        }));
        StringBuilder sb = new StringBuilder();
        for (FdbEntry e : entries) sb.append(e).append('\n');
        return sb.toString();
    }

    private boolean isLocal(MacAddress dst) {
        if (dst.equals(mac())) return true;
        FdbEntry e = fdb.lookup(dst.value());
        return e != null && e.state() == FdbState.PERMANENT;
    }

    /** br_handle_frame: a frame arrives on one of our ports. */
    void input(NetDevice port, Packet frame, Backlog backlog) {
        NetNamespace ns = ns();
        var eth = frame.ethernet();
        SkBuff nf = null;
        if (eth.etherType() == EtherType.IPV4 && ns.bridgeCallsIptables()) {
            // br_nf_pre_routing: the IP PREROUTING hook, the bridge as input device (brnf_get_logical_dev).
            nf = new SkBuff(ns, frame.withEthernet(null), this);
            int dstBefore = nf.packet().dst();
            if (!Verdicts.hook(Hook.PREROUTING, nf)) return;
            learn(eth.src(), port);
            if (nf.packet().dst() != dstBefore) {
                // br_nf_pre_routing_finish: DNAT changed the destination: route it again.
                MacAddress to = rerouteAfterDnat(port, nf);
                if (to == null) return;
                eth = eth.withDst(to);
            }
        } else {
            learn(eth.src(), port);
        }
        MacAddress dst = eth.dst();
        if (!dst.isMulticast() && isLocal(dst)) {
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Bridge(name(), port.name(), name(), "local"));
            if (nf != null) IpInput.routeInput(nf); // PREROUTING already ran (ip_sabotage_in)
            else IpInput.receive(ns, this, frame.withEthernet(null));
            return;
        }
        NetDevice out = dst.isMulticast() ? null : portOf(dst);
        if (out != null) {
            // should_deliver: never back out of the ingress port, unless it is in hairpin mode.
            if (out == port && !hairpin(port)) return;
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Bridge(name(), port.name(), out.name(), out == port ? "fdb, hairpin" : "fdb"));
            Packet f = nf == null ? frame : bridgedHooks(nf, eth);
            if (f != null) ns.transmit(out, f);
            return;
        }
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Bridge(name(), port.name(), "*", dst.isMulticast() ? "broadcast" : "flood, unknown " + dst));
        SkBuff up = null;
        if (nf != null && dst.isMulticast()) up = copy(nf);
        // The hooks run once for the flooded copies (the kernel runs them per clone; rules see the same packet).
        Packet f = nf == null ? frame : bridgedHooks(nf, eth);
        if (f != null) {
            for (NetDevice p : ports) {
                if (p != port || hairpin(p)) ns.transmit(p, f);
            }
        }
        if (dst.isMulticast()) {
            if (up != null) IpInput.routeInput(up);
            else ns.receiveUp(this, frame);
        }
    }

    /**
     * After DNAT in the bridge's PREROUTING: the new destination's MAC when it is behind this bridge
     * (bridged DNAT: neighbour lookup on the bridge, br_nf_pre_routing_finish_bridge); null when the
     * packet was handed to the IP layer instead (routed) or dropped.
     */
    private MacAddress rerouteAfterDnat(NetDevice port, SkBuff skb) {
        NetNamespace ns = ns();
        Packet p = skb.packet();
        Route r = ns.fib().lookup(p.dst(), p.src(), skb.mark(), name(), null);
        if (r != null && r.type() == RouteType.UNICAST && name().equals(r.dev())) {
            int nh = r.gateway() != 0 ? r.gateway() : p.dst();
            MacAddress m = Arp.resolve(ns, this, nh);
            if (m == null) {
                Verdicts.end(ns, Disposition.NEIGHBOR_UNREACHABLE, "no ARP reply for " + Ip4.format(nh) + " on " + name());
                return null;
            }
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Bridge(name(), port.name(), name(), "DNAT to " + Ip4.format(p.dst()) + ": bridged to " + m));
            return m;
        }
        // The destination is not on this segment: the frame is passed up as if sent to the bridge (PACKET_HOST) and routed.
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Bridge(name(), port.name(), name(), "DNAT to " + Ip4.format(p.dst()) + ": routed"));
        IpInput.routeInput(skb);
        return null;
    }

    /** br_nf_forward_ip then br_nf_post_routing: FORWARD (in and out the bridge) and POSTROUTING; the frame to send, or null. */
    private Packet bridgedHooks(SkBuff skb, io.kdp.packet.EthernetHeader eth) {
        skb.inDev(this);
        skb.outDev(this);
        if (!Verdicts.hook(Hook.FORWARD, skb)) return null;
        if (!Verdicts.hook(Hook.POSTROUTING, skb)) return null;
        return skb.packet().withEthernet(eth);
    }

    private SkBuff copy(SkBuff s) {
        SkBuff c = new SkBuff(ns(), s.packet(), s.inDev());
        c.mark(s.mark());
        c.untracked(s.untracked());
        if (s.ct() != null) c.ct(s.ct(), s.ctInfo());
        return c;
    }

    /** br_dev_xmit: the bridge's own stack sends: forward by FDB or flood to every port. */
    @Override
    protected void transmit(Packet frame, Backlog backlog) {
        MacAddress dst = frame.ethernet().dst();
        if (!dst.isMulticast()) {
            FdbEntry e = fdb.lookup(dst.value());
            if (e != null) {
                NetDevice out = ns().device(e.dev());
                // A local entry of the bridge itself has no port: br_forward drops it.
                if (out != null && ports.contains(out)) ns().transmit(out, frame);
                return;
            }
        }
        for (NetDevice p : ports) ns().transmit(p, frame);
    }
}
