package io.kdp.linux.tunnel;

import io.kdp.linux.Backlog;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.ProtocolHandler;
import io.kdp.linux.SkBuff;
import io.kdp.linux.neigh.Fdb;
import io.kdp.linux.neigh.FdbEntry;
import io.kdp.linux.neigh.FdbParser;
import io.kdp.linux.neigh.FdbState;
import io.kdp.linux.route.RtnetlinkException;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.VxlanHeader;
import io.kdp.packet.wire.PacketCodec;
import java.util.List;

/**
 * A VXLAN device (drivers/net/vxlan/vxlan_core.c), e.g. flannel's
 * {@code ip link add flannel.1 type vxlan id 1 dev eth0 local 192.168.49.2 dstport 8472 nolearning}.
 *
 * <p>Transmit (vxlan_xmit): the inner frame's destination MAC is looked up in the device's own FDB;
 * without an entry the all-zeros default entries are used, each of their destinations getting a copy
 * (head-end replication; the kernel sends the first destination's copy last); with neither the frame
 * is dropped. Each copy is wrapped in outer IPv4/UDP/VXLAN (vxlan_xmit_one) and sent through the
 * namespace's IP output path: routing on the outer destination bound to the underlay device, OUTPUT,
 * POSTROUTING, the neighbour and the underlay device (udp_tunnel_xmit_skb, iptunnel_xmit, ip_local_out).
 *
 * <p>Receive (vxlan_rcv): the device's UDP port is a tunnel socket in the namespace, reached after
 * INPUT; the VNI picks the device, the inner source MAC is learned against the outer source address
 * when learning is on, and the inner frame is received on the device.
 *
 * <p>MTU: the underlay's minus 50 (VXLAN_HEADROOM), 1500 without an underlay.
 *
 * <p>External (collect-metadata) mode, {@code ip link add NAME type vxlan external dstport 8472}, as
 * Cilium's {@code cilium_vxlan}: no VNI and no FDB of its own; each frame carries its tunnel key
 * (VNI and remote, set by a tc program with bpf_skb_set_tunnel_key before it redirects the frame
 * here), and every VNI arriving on the port is received on it with its key kept for
 * bpf_skb_get_tunnel_key ({@link #tunnelKeyOf}). kdp holds the key of the frame being sent on the
 * device, standing for the skb's metadata_dst.
 */
public final class VxlanDevice extends NetDevice {
    /** Outer Ethernet, IPv4, UDP and VXLAN headers: 14 + 20 + 8 + 8. */
    public static final int HEADROOM = 50;
    private static final long ALL_ZEROS = 0L;

    private final VxlanConfig config;
    private final NetDevice underlay;
    private final Fdb fdb;
    private final IpIdents idents = new IpIdents();
    private final boolean external;
    /** The metadata_dst of the frame about to be sent (external mode). */
    private TunnelKey txKey;
    /** Keys of received frames not yet read by a program (external mode), by frame identity. */
    private final java.util.Map<Packet, TunnelKey> rxKeys = new java.util.IdentityHashMap<>();

    private VxlanDevice(NetNamespace ns, String name, MacAddress mac, VxlanConfig config, NetDevice underlay) {
        this(ns, name, mac, config, underlay, false);
    }

    private VxlanDevice(NetNamespace ns, String name, MacAddress mac, VxlanConfig config, NetDevice underlay, boolean external) {
        super(ns, name, mac, underlay == null ? 1500 : underlay.mtu() - HEADROOM);
        this.config = config;
        this.underlay = underlay;
        this.fdb = new Fdb(ns.clock());
        this.external = external;
        fdb.ageingSeconds(config.ageing());
    }

    /**
     * {@code ip link add NAME type vxlan external dstport PORT nolearning}: a collect-metadata device
     * (VXLAN_F_COLLECT_METADATA) that takes every VNI on {@code dstPort}.
     *
     * @throws RtnetlinkException when another external device already listens on that port
     */
    public static VxlanDevice createExternal(NetNamespace ns, String name, MacAddress mac, int dstPort) {
        VxlanConfig config = VxlanConfig.of(0, dstPort, 0, null, false);
        VxlanDevice dev = new VxlanDevice(ns, name, mac, config, null, true);
        VxlanSocket socket = VxlanSocket.of(ns, config.dstPort());
        if (socket.external != null) throw new RtnetlinkException("Error: A VXLAN device with the specified VNI already exists.");
        socket.external = dev;
        ns.register(dev);
        return dev;
    }

    /** Whether this is a collect-metadata ({@code external}) device. */
    public boolean external() {
        return external;
    }

    /**
     * bpf_skb_set_tunnel_key for the frame a program is about to redirect to this external device:
     * the next transmit uses it.
     */
    public void setTunnelKey(TunnelKey key) {
        if (!external) throw new IllegalStateException(name() + " is not a collect-metadata (external) device");
        this.txKey = key;
    }

    /** bpf_skb_get_tunnel_key on a frame this external device received: its VNI and outer source; null if none. */
    public TunnelKey tunnelKeyOf(Packet frame) {
        return rxKeys.remove(frame);
    }

    /**
     * {@code ip link add NAME type vxlan ARGS}, with a MAC derived from the names (eth_random_addr).
     *
     * @throws TunnelSyntaxException for bad arguments, RtnetlinkException when the underlay is missing
     *         or another device already has the VNI on that port
     */
    public static VxlanDevice add(NetNamespace ns, String name, String args) {
        return create(ns, name, ns.randomMac(name), VxlanConfig.parse(args));
    }

    /** Creates and registers a VXLAN device with {@code config}. */
    public static VxlanDevice create(NetNamespace ns, String name, MacAddress mac, VxlanConfig config) {
        NetDevice underlay = null;
        if (config.dev() != null) {
            underlay = ns.device(config.dev());
            if (underlay == null) throw new RtnetlinkException("Cannot find device \"" + config.dev() + "\"");
        }
        VxlanDevice dev = new VxlanDevice(ns, name, mac, config, underlay);
        VxlanSocket socket = VxlanSocket.of(ns, config.dstPort());
        socket.add(dev); // checks the VNI before the device becomes visible
        ns.register(dev);
        if (config.remote() != 0) {
            // vxlan_dev_configure: "remote"/"group" is the default destination, an all-zeros entry.
            dev.fdb.add(FdbEntry.vxlan(MacAddress.ZERO, name, config.remote()));
        }
        return dev;
    }

    public VxlanConfig config() {
        return config;
    }

    /** The device's own forwarding database (MAC -> remote VTEP). */
    public Fdb fdb() {
        return fdb;
    }

    /**
     * {@code bridge fdb add|append|replace|del ARGS} on this device, e.g.
     * {@code append 00:00:00:00:00:00 dev flannel.1 dst 192.168.49.3}.
     *
     * @throws RtnetlinkException {@code File exists} / {@code No such file or directory} as the kernel answers
     */
    public void bridgeFdb(String command) {
        String c = command.trim();
        int sp = c.indexOf(' ');
        String verb = sp < 0 ? c : c.substring(0, sp);
        FdbEntry e = FdbParser.parseAdd(sp < 0 ? "" : c.substring(sp + 1));
        if (!e.dev().equals(name())) throw new IllegalArgumentException("bridge fdb: entry is for " + e.dev() + ", not " + name());
        FdbEntry own = new FdbEntry(e.mac(), name(), e.dst(), true, null, e.state());
        switch (verb) {
            case "add" -> fdb.add(own);
            case "append" -> fdb.append(own);
            case "replace" -> fdb.replace(own);
            case "del", "delete" -> fdb.delete(e.mac(), e.dst());
            default -> throw new IllegalArgumentException("bridge fdb: unknown command \"" + verb + "\"");
        }
    }

    /**
     * {@code bridge fdb show} for this device: one line per MAC and destination, e.g.
     * {@code 6e:a1:b2:c3:d4:e5 dev flannel.1 dst 192.168.1.12 self permanent}; the destinations of one
     * MAC in the order they were appended (vxlan_fdb_info walks f->remotes), MACs newest first (the
     * kernel's order is its hash table's).
     */
    public String fdbShow() {
        StringBuilder sb = new StringBuilder();
        java.util.Set<MacAddress> done = new java.util.HashSet<>();
        for (FdbEntry e : fdb.entries()) {
            if (!done.add(e.mac())) continue;
            for (FdbEntry r : fdb.lookupAll(e.mac().value())) sb.append(r).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String kind() {
        // vxlan_print_opt prints "external" before the id.
        return external ? "vxlan external " + config.describe().substring("vxlan ".length()) : config.describe();
    }

    @Override
    protected void transmit(Packet frame, Backlog backlog) {
        transmit(frame, backlog, null);
    }

    /** vxlan_xmit. */
    @Override
    protected void transmit(Packet frame, Backlog backlog, SkBuff skb) {
        NetNamespace ns = ns();
        if (frame.ethernet() == null) return;
        if (external) {
            // vxlan_xmit with a metadata_dst: the key says where to, the FDB is not consulted.
            TunnelKey key = txKey;
            txKey = null;
            if (key == null) {
                drop(ns, "vxlan " + name() + ": collect-metadata device and the frame has no tunnel key");
                return;
            }
            xmitOne(frame, key.remote(), key.vni(), key.ttl(), !key.zeroCsum(), "tunnel key " + key, skb == null ? 0 : skb.mark());
            return;
        }
        MacAddress dmac = frame.ethernet().dst();
        FdbEntry entry = fdb.lookup(dmac.value());
        List<FdbEntry> remotes;
        String how;
        if (entry != null) {
            remotes = fdb.lookupAll(dmac.value());
            how = "fdb " + dmac;
        } else {
            remotes = fdb.lookupAll(ALL_ZEROS);
            how = "fdb " + MacAddress.ZERO + " (default for " + dmac + ")";
        }
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Lookup("fdb", dmac.toString(), remotes.isEmpty() ? "no entry" : dsts(entry == null, remotes)));
        if (remotes.isEmpty()) {
            // No entry and no default: tx_dropped (SKB_DROP_REASON_VXLAN_NO_REMOTE).
            drop(ns, "vxlan " + name() + ": no fdb entry for " + dmac + " and no default (00:00:00:00:00:00) entry");
            return;
        }
        int mark = skb == null ? 0 : skb.mark();
        // The first remote gets the original skb after clones went to the others.
        for (int i = 1; i < remotes.size(); i++) xmitOne(frame, remotes.get(i), how, mark);
        xmitOne(frame, remotes.get(0), how, mark);
    }

    private static String dsts(boolean viaDefault, List<FdbEntry> remotes) {
        StringBuilder sb = new StringBuilder("dst ");
        for (int i = 0; i < remotes.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(Ip4.format(remotes.get(i).dst()));
        }
        if (viaDefault) sb.append(" (default entry)");
        return sb.toString();
    }

    /** vxlan_xmit_one: the outer headers for one remote, then ip_local_out. */
    private void xmitOne(Packet frame, FdbEntry remote, String how, int mark) {
        int dst = remote.dst() != 0 ? remote.dst() : config.remote();
        if (dst == 0) {
            drop(ns(), "vxlan " + name() + ": fdb entry " + remote.mac() + " has no destination");
            return;
        }
        xmitOne(frame, dst, config.vni(), config.ttl(), config.udpCsum(), how + " dst " + Ip4.format(dst), mark);
    }

    private void xmitOne(Packet frame, int dst, int vni, int keyTtl, boolean udpCsum, String how, int mark) {
        NetNamespace ns = ns();
        Ipv4Header in = frame.ipv4();
        int ttl = keyTtl;
        if (ttl == 0 && Ip4.isMulticast(dst)) ttl = 1;
        if (ttl == 0) ttl = ns.sysctls().getInt("net.ipv4.ip_default_ttl", Ipv4Header.DEFAULT_TTL); // ip4_dst_hoplimit
        int tos = config.tos() == 1 ? in.tos() : config.tos();
        tos = TunnelEcn.encapsulate(tos, in.tos());
        boolean df = config.df() == Df.SET || (config.df() == Df.INHERIT && in.dontFragment());
        int sport = PacketCodec.vxlanSourcePort(frame, config.srcPortMin(), config.srcPortMax());
        UdpHeader udp = new UdpHeader(sport, config.dstPort(), !udpCsum);
        int src = config.local() != 0 ? config.local() : TunnelRoute.source(ns, dst, mark, underlay);
        Ipv4Header outerIp = new Ipv4Header(tos, idents.next(src, dst, IpProtocol.UDP), df, ttl, IpProtocol.UDP, src, dst);
        Packet outer = new Packet(null, outerIp, udp, new Payload.Tunnel(VxlanHeader.of(vni), frame));
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Encap(name(), outer.summary(), how));
        ns.sendFromTunnel(outer, mark, underlay);
    }

    /**
     * vxlan_rcv after the VNI matched this device: loop check, learning (vxlan_snoop), ECN, then the
     * inner frame is received on this device.
     */
    void receive(SkBuff skb, Payload.Tunnel tunnel) {
        NetNamespace ns = ns();
        Packet outer = skb.packet();
        Packet inner = tunnel.inner();
        if (inner.ethernet() == null) {
            drop(ns, "vxlan " + name() + ": inner packet has no Ethernet header");
            return;
        }
        MacAddress smac = inner.ethernet().src();
        if (smac.equals(mac())) {
            // vxlan_set_mac: ignore our own packets looped back (or multicast echo).
            drop(ns, "vxlan " + name() + ": frame from our own address " + smac);
            return;
        }
        if (config.learning() && !snoop(smac, outer.src())) {
            drop(ns, "vxlan " + name() + ": " + smac + " is a static entry with another destination than " + Ip4.format(outer.src()));
            return;
        }
        int innerTos = TunnelEcn.decapsulate(outer.ipv4().tos(), inner.ipv4().tos());
        if (innerTos < 0) {
            drop(ns, "vxlan " + name() + ": CE outer header over a non-ECT inner packet (RFC 6040)");
            return;
        }
        if (innerTos != inner.ipv4().tos()) inner = inner.withIpv4(withTos(inner.ipv4(), innerTos));
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Decap(name(), outer.summary()));
        if (external) {
            if (rxKeys.size() > 1024) rxKeys.clear(); // keys no program read (no program attached)
            rxKeys.put(inner, new TunnelKey(((VxlanHeader) tunnel.header()).vni(), outer.src(), outer.ipv4().ttl(), false));
        }
        ns.backlog().enqueue(this, inner);
    }

    /** vxlan_snoop: learn or move {@code mac} to {@code src}; false when a static entry forbids it (drop). */
    private boolean snoop(MacAddress mac, int src) {
        FdbEntry e = fdb.lookup(mac.value());
        if (e != null) {
            if (e.dst() == src) {
                if (e.state() == FdbState.DYNAMIC) fdb.replace(e); // refreshes "updated"
                return true;
            }
            if (e.state() != FdbState.DYNAMIC) return false;
        }
        FdbEntry learned = new FdbEntry(mac, name(), src, true, null, FdbState.DYNAMIC);
        if (ns().tracer().enabled()) ns().tracer().step(ns().name(), new Step.Lookup("fdb", mac.toString(), "learned dst " + Ip4.format(src)));
        fdb.replace(learned);
        return true;
    }

    static Ipv4Header withTos(Ipv4Header h, int tos) {
        return new Ipv4Header(tos, h.id(), h.dontFragment(), h.ttl(), h.protocol(), h.src(), h.dst());
    }

    static void drop(NetNamespace ns, String reason) {
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Drop(reason));
        ns.backlog().outcome(ns.name(), Disposition.DROPPED, reason);
    }

    /** The tunnel socket for one UDP port in one namespace: demultiplexes by VNI (vxlan_vs_find_vni). */
    static final class VxlanSocket implements ProtocolHandler {
        private final int port;
        private final java.util.Map<Integer, VxlanDevice> byVni = new java.util.HashMap<>();
        /** The collect-metadata device on this port (vxlan_vs_find_vni looks up VNI 0 for it), or null. */
        private VxlanDevice external;

        private VxlanSocket(int port) {
            this.port = port;
        }

        static VxlanSocket of(NetNamespace ns, int port) {
            ProtocolHandler h = ns.protocolHandler(IpProtocol.UDP, port);
            if (h instanceof VxlanSocket s) return s;
            if (h != null) throw new RtnetlinkException("RTNETLINK answers: Address already in use");
            VxlanSocket s = new VxlanSocket(port);
            ns.registerProtocolHandler(IpProtocol.UDP, port, s);
            return s;
        }

        void add(VxlanDevice dev) {
            if (byVni.containsKey(dev.config.vni())) {
                // vxlan_config_validate: "A VXLAN device with the specified VNI already exists".
                throw new RtnetlinkException("Error: A VXLAN device with the specified VNI already exists.");
            }
            byVni.put(dev.config.vni(), dev);
        }

        @Override
        public void receive(SkBuff skb) {
            NetNamespace ns = skb.ns();
            Packet p = skb.packet();
            if (!(p.payload() instanceof Payload.Tunnel t) || !(t.header() instanceof VxlanHeader h) || (h.flags() & VxlanHeader.FLAG_VNI_VALID) == 0) {
                drop(ns, "vxlan: not a VXLAN packet (no I flag) on udp port " + port);
                return;
            }
            VxlanDevice dev = external != null ? external : byVni.get(h.vni());
            if (dev == null || !dev.isUp()) {
                drop(ns, "vxlan: no device for VNI " + h.vni() + " on udp port " + port);
                return;
            }
            dev.receive(skb, t);
        }
    }
}
