package io.kdp.cluster.bench;

import io.kdp.kubeproxy.Proxier;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.kubeproxy.ebpf.EbpfProxier;
import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.DummyDevice;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.RouteType;
import io.kdp.linux.SkBuff;
import io.kdp.linux.VethDevice;
import io.kdp.linux.bpf.TcDirection;
import io.kdp.linux.ipvs.IpvsTransmitter;
import io.kdp.linux.neigh.NeighbourEntry;
import io.kdp.linux.neigh.NudState;
import io.kdp.linux.route.Route;
import io.kdp.linux.ipvs.Ipvs;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.HookFunction;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Tracer;
import io.kdp.packet.Cidr;
import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;

/**
 * One emulated Kubernetes node for the benchmarks: kube-proxy of one {@link ProxyMode} has loaded a
 * {@link SyntheticServices} state into its kernel through the real proxier
 * ({@link ProxyState#build} then {@link Proxier#apply}), and a client pod on the node sends TCP to
 * the ClusterIPs.
 *
 * <p>Layout: the node {@value #NODE} has its uplink {@code eth0} ({@value #NODE_IP}/24, default route
 * via {@value #GATEWAY}; a dummy device, so frames sent on it leave the emulation there) and the
 * host side {@code lxc0} of the client pod's veth (the pod {@value #CLIENT_IP} is routed to it). The
 * pod's own end is down, so the node's frames toward the pod vanish at the veth and nothing answers:
 * every journey measured is the node's alone. A tap sees every frame leaving {@code eth0}.
 *
 * <p>Two ways to push a packet:
 * <ul>
 *   <li>{@link #sendNew} / {@link #sendEstablished}: the whole node. The frame is put on {@code lxc0}
 *       as the pod sends it and the backlog is drained: receive, PREROUTING, routing, FORWARD (or
 *       INPUT and IPVS), OUTPUT/POSTROUTING, and transmission on {@code eth0}, DNATed to an
 *       endpoint.</li>
 *   <li>{@link #decideNew} / {@link #decideEstablished}: only the per-packet service decision, the
 *       function that maps the packet to an endpoint at the hook where the mode makes that choice,
 *       called directly on a fresh skb as the stack would call it, plus one routing lookup.
 *       iptables and nftables: the PREROUTING hook (conntrack, then the nat chains for a NEW
 *       connection, or the stored NAT binding for an established one) and the input routing
 *       decision (forward). IPVS: PREROUTING (conntrack, nat table with the ipset match), the input
 *       routing decision (local: the ClusterIP is on {@code kube-ipvs0}), then IPVS's own LOCAL_IN
 *       functions (ip_vs_out_hook's reply check, ip_vs_in_hook's connection lookup, or
 *       virtual-service lookup and scheduling); IPVS's transmit is replaced by taking the rewritten
 *       packet. eBPF: the tc ingress program on the pod's interface (reverse-NAT check, service
 *       map, CT map, backend map, DNAT, its own FIB lookup); its redirect and transmission on
 *       {@code eth0} are left out (see {@link #uplink}). Left out for every mode: the filter
 *       chains (FORWARD, or INPUT for IPVS), the output path and the device, which do not depend
 *       on the Services and would drown the decision's own cost.</li>
 * </ul>
 * New connections use a fresh source port each (the range holds {@value #PORT_RANGE} of them); the
 * caller flushes the connection tables with {@link #flushConnections()} at least that often, and
 * outside its timed region: in the kernel, expiring connections is the work of timers, not of the
 * packet path.
 */
public final class BenchNode {
    public static final String NODE = "node-a";
    public static final String NODE_IP = "192.168.0.10";
    public static final String GATEWAY = "192.168.0.1";
    public static final String CLIENT_IP = "10.0.0.2";
    /** The host side of the client pod's veth. */
    static final String LXC0 = "lxc0";
    /** Source ports of new connections cycle through this range. */
    static final int PORT_MIN = 1024, PORT_MAX = 65535;
    /** How many new connections fit between two flushes of the connection tables. */
    public static final int PORT_RANGE = PORT_MAX - PORT_MIN + 1;
    /** The virtual time a flush lets pass: more than any IPVS timeout of a half-open connection. */
    static final long FLUSH_NANOS = 7L * 24 * 3600 * 1_000_000_000L;

    private final ProxyMode mode;
    private final int services;
    private final int endpoints;
    private final Backlog backlog;
    private final NetNamespace ns;
    private final DummyDevice eth0;
    private final VethDevice lxc0;
    private final Proxier proxier;
    private final EthernetHeader fromPod;
    private final EthernetHeader fromGateway;
    private final int client = Ip4.parse(CLIENT_IP);
    /** The frame last seen leaving eth0 (set by the tap). */
    private Packet egress;
    private long egressCount;
    /** IPVS's real transmitter, and the packet it was handed while {@link #capture} is on. */
    private IpvsTransmitter ipvsOut;
    /** IPVS's own LOCAL_IN functions (ip_vs_out_hook, ip_vs_in_hook), in priority order. */
    private HookFunction[] ipvsInput = new HookFunction[0];
    private boolean capture;
    private Packet captured;
    private int nextPort = PORT_MIN;
    private long flushes;
    /** Whether the default route via the uplink is in place (see {@link #uplink}). */
    private boolean routed = true;

    private BenchNode(ProxyMode mode, SyntheticServices state) {
        this.mode = mode;
        this.services = state.services().size();
        this.endpoints = state.endpoints();
        backlog = new Backlog(new Clock(0));
        ns = new NetNamespace(NODE, backlog, 1);
        NetNamespace pod = new NetNamespace("client", backlog, 1);
        eth0 = new DummyDevice(ns, "eth0", ns.randomMac("eth0"));
        ns.addAddress(eth0, Cidr.parse(NODE_IP + "/24"));
        ns.setUp(eth0);
        lxc0 = VethDevice.pair(ns, LXC0, ns.randomMac(LXC0), pod, "eth0", pod.randomMac("eth0"), 1500);
        ns.setUp(lxc0);
        ns.route("add default via " + GATEWAY + " dev eth0");
        ns.route("add " + CLIENT_IP + " dev lxc0 scope link");
        ns.sysctls().set("net.ipv4.ip_forward", "1");
        // the pod's end is down and cannot answer ARP: its MAC is known, as if learnt earlier
        ns.neighbours().add(NeighbourEntry.of(client, "lxc0", lxc0.peer().mac(), NudState.PERMANENT));
        fromPod = new EthernetHeader(lxc0.mac(), lxc0.peer().mac(), EtherType.IPV4);
        fromGateway = new EthernetHeader(eth0.mac(), MacAddress.ZERO, EtherType.IPV4);
        backlog.tap((dev, outbound, frame, t) -> {
            if (outbound && dev == eth0) {
                egress = frame;
                egressCount++;
            }
        });
        ProxierConfig cfg = ProxierConfig.builder(NODE).nodeIPs(NODE_IP).clusterCIDR(SyntheticServices.CLUSTER_CIDR).build();
        proxier = mode.proxier(cfg);
        proxier.sysctls().forEach(ns.sysctls()::set);
        proxier.apply(ns, ProxyState.build(NODE, state.services(), state.slices()));
        if (mode == ProxyMode.IPVS) {
            ipvsInput = ns.netfilter().entries(Hook.INPUT).stream().filter(e -> e.owner().equals(Ipvs.OWNER))
                    .map(HookEntry::function).toArray(HookFunction[]::new);
            ipvsOut = ns.ipvs().transmitter();
            ns.ipvs().transmitter(skb -> {
                if (capture) captured = skb.packet();
                else ipvsOut.sendLocalOut(skb);
            });
        }
    }

    /** Builds the node and loads {@code state} with kube-proxy in {@code mode}. */
    public static BenchNode build(ProxyMode mode, SyntheticServices state) {
        return new BenchNode(mode, state);
    }

    public ProxyMode mode() { return mode; }
    public int services() { return services; }
    public int endpoints() { return endpoints; }
    public NetNamespace ns() { return ns; }
    public Proxier proxier() { return proxier; }
    /** How many times the connection tables were flushed. */
    public long flushes() { return flushes; }
    /** The frames that left on {@code eth0} so far. */
    public long egressCount() { return egressCount; }

    /** Steps go to {@code tracer} (null or {@link Tracer#OFF}: tracing off). */
    public void tracer(Tracer tracer) {
        backlog.tracer(tracer);
    }

    /** The index of the Service at {@code position} in the tables. */
    public int serviceAt(Position position) {
        return position == Position.FIRST ? 0 : services - 1;
    }

    /** Whether {@code ip} is an endpoint of Service {@code service}. */
    public boolean isEndpointOf(int service, int ip) {
        int first = SyntheticServices.endpointIp(service, 0, endpoints);
        return ip >= first && ip < first + endpoints;
    }

    /**
     * The service decision for the first packet (SYN) of a new connection from the client pod to
     * Service {@code service}. Returns the packet as the decision rewrote it, or null when it was
     * not load-balanced.
     */
    public Packet decideNew(int service) {
        return decide(nextSyn(service));
    }

    /** The service decision for one more packet (a duplicate ACK) of an open connection. */
    public Packet decideEstablished(Connection c) {
        return decide(c.packet());
    }

    /**
     * The client pod's SYN of a new connection to Service {@code service} crosses the whole node.
     * Returns the frame that left on {@code eth0}, or null if none did.
     */
    public Packet sendNew(int service) {
        return send(lxc0, nextSyn(service));
    }

    /** One more packet (a duplicate ACK) of an open connection crosses the whole node; returns the frame that left on {@code eth0}, or null. */
    public Packet sendEstablished(Connection c) {
        return send(lxc0, c.packet());
    }

    /**
     * Sets up a connection to Service {@code service} across the whole node (SYN out, the endpoint's
     * SYN-ACK back in on {@code eth0}, the client's ACK out), so that its next packets hit the
     * connection tables.
     *
     * @throws IllegalStateException when a step of the handshake does not cross the node
     */
    public Connection open(int service) {
        int port = nextPort();
        int vip = SyntheticServices.clusterIp(service);
        Packet syn = send(lxc0, segment(client, port, vip, SyntheticServices.PORT, TcpHeader.SYN, 1000, 0));
        if (syn == null) throw new IllegalStateException(mode.modeName() + ": the SYN to service " + service + " did not leave the node");
        Packet synAck = segment(syn.dst(), syn.dstPort(), syn.src(), syn.srcPort(), TcpHeader.SYN | TcpHeader.ACK, 5000, 1001);
        long before = egressCount;
        inject(eth0, synAck.withEthernet(fromGateway));
        if (egressCount != before) throw new IllegalStateException(mode.modeName() + ": the SYN-ACK went back out of eth0");
        Packet ack = segment(client, port, vip, SyntheticServices.PORT, TcpHeader.ACK, 1001, 5001);
        Packet out = send(lxc0, ack);
        if (out == null || out.dst() != syn.dst()) throw new IllegalStateException(mode.modeName() + ": the ACK to service " + service + " did not follow the SYN");
        if (mode == ProxyMode.EBPF) uplink(false);
        return new Connection(service, ack, syn.dst(), syn.dstPort());
    }

    /**
     * Flushes the connection tables: {@code conntrack -F}, IPVS connections expired by letting
     * {@link #FLUSH_NANOS} of virtual time pass, Cilium's CT and SNAT maps emptied.
     */
    public void flushConnections() {
        flushes++;
        ns.conntrack().flush();
        if (mode == ProxyMode.IPVS) {
            backlog.clock().advance(FLUSH_NANOS);
            ns.ipvs().connections().expire(backlog.clock().nanos());
        }
        if (proxier instanceof EbpfProxier e) {
            e.maps().ct(IpProtocol.TCP).clear();
            e.maps().snat().clear();
        }
    }

    private Packet nextSyn(int service) {
        return segment(client, nextPort(), SyntheticServices.clusterIp(service), SyntheticServices.PORT, TcpHeader.SYN, 1000, 0);
    }

    private int nextPort() {
        int port = nextPort;
        nextPort = port == PORT_MAX ? PORT_MIN : port + 1;
        return port;
    }

    private Packet decide(Packet packet) {
        if (mode == ProxyMode.EBPF) {
            uplink(false);
            Packet out = ns.clsact().run(lxc0, TcDirection.INGRESS, packet.withEthernet(fromPod));
            backlog.takeOutcome();
            return out;
        }
        SkBuff skb = new SkBuff(ns, packet, lxc0);
        if (ns.netfilter().run(Hook.PREROUTING, skb) != Verdict.ACCEPT) return null;
        // the input routing decision on the translated packet (eBPF's program makes its own FIB lookup)
        Packet p = skb.packet();
        Route route = ns.fib().lookup(p.dst(), p.src(), skb.mark(), LXC0, null);
        if (route == null) return null;
        if (mode != ProxyMode.IPVS) return route.type() == RouteType.UNICAST ? p : null;
        if (route.type() != RouteType.LOCAL) return null; // IPVS serves ClusterIPs bound to kube-ipvs0
        captured = null;
        capture = true;
        try {
            Verdict v = Verdict.ACCEPT;
            for (int i = 0; i < ipvsInput.length && v == Verdict.ACCEPT; i++) v = ipvsInput[i].apply(skb, Hook.INPUT);
            return v == Verdict.STOLEN ? captured : null;
        } finally {
            capture = false;
        }
    }

    /**
     * Puts the uplink's default route in place, or takes it away. The eBPF program's decision ends
     * with its own FIB lookup, then redirects the packet to the uplink and transmits it there: the
     * forwarding the other modes' decision leaves out. Without the route the lookup still runs,
     * misses, and the program hands the translated packet back to the stack (TC_ACT_OK), which is
     * where {@link #decideNew} stops. Everything that crosses the whole node has the route.
     */
    private void uplink(boolean routed) {
        if (routed == this.routed) return;
        ns.route((routed ? "add" : "del") + " default via " + GATEWAY + " dev eth0");
        this.routed = routed;
    }

    private Packet send(NetDevice dev, Packet packet) {
        uplink(true);
        egress = null;
        inject(dev, packet.withEthernet(fromPod));
        return egress;
    }

    private void inject(NetDevice dev, Packet frame) {
        uplink(true);
        ns.inject(dev, frame);
        backlog.drain();
        backlog.takeOutcome();
    }

    private static Packet segment(int src, int sport, int dst, int dport, int flags, long seq, long ack) {
        return new Packet(null, Ipv4Header.of(IpProtocol.TCP, src, dst, 1), new TcpHeader(sport, dport, seq, ack, flags, TcpHeader.DEFAULT_WINDOW), null);
    }

    /**
     * An open connection.
     *
     * @param service      the Service it goes to
     * @param packet       the client's packet that repeats (a duplicate ACK)
     * @param endpoint     the endpoint address it was balanced to
     * @param endpointPort the endpoint port
     */
    public record Connection(int service, Packet packet, int endpoint, int endpointPort) {}
}
