package io.kdp.linux;

import io.kdp.linux.conntrack.Conntrack;
import io.kdp.linux.iptables.Iptables;
import io.kdp.linux.netfilter.Netfilter;
import io.kdp.linux.trace.Tracer;
import io.kdp.packet.Packet;
import io.kdp.linux.neigh.NeighbourTable;
import io.kdp.linux.route.Fib;
import io.kdp.linux.route.KernelRoutes;
import java.util.List;
import io.kdp.linux.socket.SocketTable;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Cidr;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A network namespace: the unit kdp calls a host (a node's root namespace or a pod's). It owns its
 * devices, addresses, routing tables, neighbour table, sysctls, netfilter hooks, iptables tables and
 * conntrack table, and runs the IPv4 receive, forward and output paths over them.
 */
public final class NetNamespace {
    private final String name;
    private final Backlog backlog;
    private final Map<String, NetDevice> devices = new LinkedHashMap<>();
    private final Sysctls sysctls = new Sysctls();
    private final Netfilter netfilter = new Netfilter();
    private final Conntrack conntrack;
    private final Iptables iptables;
    private final LoopbackDevice loopback;
    private final Fib fib = new Fib();
    private final NeighbourTable neighbours = new NeighbourTable();
    private final SocketTable sockets = new SocketTable();
    private final Map<Long, ProtocolHandler> handlers = new java.util.HashMap<>();
    private io.kdp.linux.nftables.Nftables nftables;
    private io.kdp.linux.ipvs.Ipvs ipvs;
    private io.kdp.linux.ipset.IpSets ipsets;
    private SplittableRandom random;
    private int ifindex;
    private boolean brNetfilter;
    private io.kdp.linux.bpf.Cgroup cgroup;
    private io.kdp.linux.bpf.Clsact clsact;

    public NetNamespace(String name, Backlog backlog, long seed) {
        this.name = name;
        this.backlog = backlog;
        this.random = new SplittableRandom(seed ^ name.hashCode());
        this.conntrack = new Conntrack(this);
        this.iptables = new Iptables(this);
        this.loopback = new LoopbackDevice(this);
        addAddress(loopback, KernelRoutes.LOOPBACK_ADDRESS);
        setUp(loopback);
    }

    public String name() { return name; }
    public Backlog backlog() { return backlog; }
    public Clock clock() { return backlog.clock(); }
    public Tracer tracer() { return backlog.tracer(); }
    public Sysctls sysctls() { return sysctls; }
    public Netfilter netfilter() { return netfilter; }
    public Conntrack conntrack() { return conntrack; }
    public Iptables iptables() { return iptables; }

    /** The namespace's random source (statistic match, NAT port choice); seeded for reproducible traces. */
    public SplittableRandom random() { return random; }

    public void reseed(long seed) {
        this.random = new SplittableRandom(seed ^ name.hashCode());
    }

    int nextIfindex() { return ++ifindex; }

    public NetDevice device(String devName) { return devices.get(devName); }

    public Collection<NetDevice> devices() { return devices.values(); }

    /** The address type of {@code ip} as the local routing table says (inet_addr_type), which {@code -m addrtype} matches. */
    public RouteType addressType(int ip) {
        return fib.addressType(ip);
    }

    /** Whether {@code ip} is one of this namespace's own addresses (type LOCAL). */
    public boolean isLocalAddress(int ip) {
        return fib.addressType(ip) == RouteType.LOCAL;
    }

    /** The source address MASQUERADE picks on {@code out} for {@code nextHop} (inet_select_addr), 0 if none. */
    public int masqueradeSource(NetDevice out, int nextHop) {
        return selectSourceAddress(out, nextHop);
    }

    /**
     * inet_select_addr: the primary address of {@code dev} whose subnet holds {@code dst}, else its
     * first address of universe scope, else one from any other device (loopback last).
     */
    public int selectSourceAddress(NetDevice dev, int dst) {
        if (dev != null) {
            for (Cidr c : dev.addresses()) if (c.contains(dst) && !io.kdp.packet.Ip4.isLoopback(c.address())) return c.address();
            for (Cidr c : dev.addresses()) if (!io.kdp.packet.Ip4.isLoopback(c.address())) return c.address();
        }
        for (NetDevice d : devices.values()) {
            for (Cidr c : d.addresses()) if (!io.kdp.packet.Ip4.isLoopback(c.address())) return c.address();
        }
        return 0;
    }

    /** Sends the ICMP error Linux sends for {@code skb}'s packet (icmp_send), as REJECT does. */
    public void sendIcmpError(SkBuff skb, int type, int code) {
        Icmp.sendError(skb, type, code);
    }

    /** Sends a TCP RST answering {@code skb}'s packet (nf_send_reset), as REJECT --reject-with tcp-reset does. */
    public void sendTcpReset(SkBuff skb) {
        Icmp.sendTcpReset(skb);
    }

    /** Whether packets that arrive on {@code dev} may be forwarded (IN_DEV_FORWARD). */
    public boolean forwarding(NetDevice dev) {
        return sysctls.ipForward() || sysctls.getInt("net.ipv4.conf." + dev.name() + ".forwarding", 0) != 0;
    }

    /**
     * A local socket sends {@code packet} (IPv4, no link-layer header; a source of 0 lets routing
     * choose). Returns at once; drain the backlog to move it along.
     */
    public void sendFromSocket(Packet packet) {
        if (cgroup != null && (packet = io.kdp.linux.bpf.SockAddrHooks.send(this, cgroup, packet)) == null) return; // a cgroup program failed the call
        IpOutput.send(this, packet.withEthernet(null), 0);
    }

    /**
     * ip_local_out for a packet a tunnel device built (iptunnel_xmit / udp_tunnel_xmit_skb): output
     * routing (bound to {@code oif} when not null, as the tunnel's underlay {@code dev} sets
     * flowi4_oif), OUTPUT, POSTROUTING, the neighbour and the underlay device. The skb keeps
     * {@code mark}: skb_scrub_packet clears it only when the tunnel crosses namespaces.
     */
    public void sendFromTunnel(Packet packet, int mark, NetDevice oif) {
        IpOutput.send(this, packet.withEthernet(null), mark, oif == null ? null : oif.name());
    }

    /** Injects a frame as if it arrived on {@code dev} from the wire. */
    public void inject(NetDevice dev, Packet frame) {
        backlog.enqueue(dev, frame);
    }

    /** Puts a frame on the wire of {@code dev} (dev_queue_xmit), showing it to taps and the tracer. */
    void transmit(NetDevice dev, Packet frame) {
        transmit(dev, frame, null);
    }

    /** As {@link #transmit(NetDevice, Packet)}, with the skb that carried it (kept across the loopback). */
    void transmit(NetDevice dev, Packet frame, SkBuff skb) {
        if (!dev.isUp()) {
            Verdicts.end(this, io.kdp.linux.trace.Disposition.DROPPED, dev.name() + " is down");
            return;
        }
        if (clsact != null && (frame = clsact.run(dev, io.kdp.linux.bpf.TcDirection.EGRESS, frame)) == null) return; // sch_handle_egress
        backlog.tap().frame(dev, true, frame, clock().nanos());
        if (tracer().enabled()) tracer().step(name, new Step.Transmit(dev.name(), frame.summary()));
        if (dev instanceof LoopbackDevice && skb != null) {
            backlog.enqueueLooped(dev, frame, skb);
            return;
        }
        dev.transmit(frame, backlog, skb);
    }

    /** A frame arrives on {@code dev} (netif_receive_skb). */
    void receive(NetDevice dev, Packet frame, SkBuff looped) {
        if (!dev.isUp()) return;
        backlog.tap().frame(dev, false, frame, clock().nanos());
        if (tracer().enabled()) tracer().step(name, new Step.Receive(dev.name(), frame.summary()));
        if (clsact != null && (frame = clsact.run(dev, io.kdp.linux.bpf.TcDirection.INGRESS, frame)) == null) return; // sch_handle_ingress
        BridgeDevice master = dev.master();
        if (master != null && frame.ethernet() != null) {
            master.input(dev, frame, backlog);
            return;
        }
        if (looped != null) {
            IpInput.receiveLooped(this, dev, frame.withEthernet(null), looped);
            return;
        }
        receiveUp(dev, frame);
    }

    /** The frame goes up to this device's own IP stack (eth_type_trans, then ip_rcv). */
    void receiveUp(NetDevice dev, Packet frame) {
        var eth = frame.ethernet();
        if (eth != null && dev.hasLinkLayer() && !(dev instanceof LoopbackDevice)) {
            // eth_type_trans: frames for another host are PACKET_OTHERHOST and ip_rcv discards them quietly.
            if (!eth.dst().isMulticast() && !eth.dst().equals(dev.mac())) return;
            if (eth.etherType() != io.kdp.packet.EtherType.IPV4) return;
        }
        IpInput.receive(this, dev, frame.withEthernet(null));
    }

    void loopDetected(NetDevice dev, Packet frame, int deliveries) {
        Verdicts.end(this, io.kdp.linux.trace.Disposition.LOOP, "still moving after " + deliveries + " link crossings (last seen on " + dev + "): a forwarding loop");
    }

    /**
     * A MAC for a new device, as eth_random_addr makes one (locally administered, unicast), but
     * derived from the namespace and device names so that every run of a scenario gets the same.
     */
    public io.kdp.packet.MacAddress randomMac(String devName) {
        long h = 1125899906842597L;
        for (char c : (name + "/" + devName).toCharArray()) h = 31 * h + c;
        h ^= (h >>> 29);
        h *= 0xbf58476d1ce4e5b9L;
        h ^= (h >>> 32);
        long v = (h & 0xffff_ffff_ffffL);
        v = (v & ~(1L << 40)) | (1L << 41); // clear multicast bit, set locally administered bit
        return new io.kdp.packet.MacAddress(v);
    }

    /**
     * {@code ip addr add CIDR dev DEV}: the address, and the kernel's routes for it (fib_add_ifaddr):
     * the local route always, the prefix and broadcast routes once the device is up.
     */
    public void addAddress(NetDevice dev, Cidr address) {
        if (dev.ns() != this) throw new IllegalArgumentException(dev + " is not in " + name);
        if (dev.addresses().contains(address)) throw new io.kdp.linux.route.RtnetlinkException(io.kdp.linux.route.RtnetlinkException.FILE_EXISTS);
        dev.addAddress(address);
        if (dev.isUp()) {
            fib.addKernelRoutes(KernelRoutes.kernelRoutesForAddress(address, dev.name(), dev instanceof LoopbackDevice));
        } else {
            fib.addKernelRoutes(List.of(KernelRoutes.kernelRoutesForAddress(address, dev.name(), dev instanceof LoopbackDevice).get(0)));
        }
    }

    /**
     * {@code ip addr del CIDR dev DEV}: the address goes, with the routes the kernel made for it
     * (fib_del_ifaddr); RTNETLINK "Cannot assign requested address" when the device does not have it.
     */
    public void removeAddress(NetDevice dev, Cidr address) {
        if (dev.ns() != this) throw new IllegalArgumentException(dev + " is not in " + name);
        if (!dev.addresses().contains(address)) throw new io.kdp.linux.route.RtnetlinkException("RTNETLINK answers: Cannot assign requested address");
        dev.removeAddress(address);
        fib.removeKernelRoutes(KernelRoutes.kernelRoutesForAddress(address, dev.name(), dev instanceof LoopbackDevice));
    }

    /** {@code ip link set DEV up}: the device carries traffic and its addresses' routes appear (NETDEV_UP). */
    public void setUp(NetDevice dev) {
        if (dev.isUp()) return;
        dev.up(true);
        for (Cidr a : dev.addresses()) fib.addKernelRoutes(KernelRoutes.kernelRoutesForAddress(a, dev.name(), dev instanceof LoopbackDevice));
    }

    /** {@code ip route ARGS}, e.g. {@code route("add 10.244.2.0/24 via 192.168.49.3 dev eth0")}. */
    public void route(String args) {
        IpRouteCommand.run(this, args);
    }

    /** The nftables of this namespace, created on first use. */
    public io.kdp.linux.nftables.Nftables nftables() {
        if (nftables == null) nftables = new io.kdp.linux.nftables.Nftables(this);
        return nftables;
    }

    /**
     * The IPVS of this namespace, created (and hooked in) on first use, as loading ip_vs does;
     * what it rewrites goes back through this namespace's output path.
     */
    public io.kdp.linux.ipvs.Ipvs ipvs() {
        if (ipvs == null) {
            ipvs = new io.kdp.linux.ipvs.Ipvs(this);
            ipvs.transmitter(IpOutput::localOut);
            ipvs.registerHooks();
        }
        return ipvs;
    }

    /** The ipsets of this namespace, created on first use and offered to iptables' set match. */
    public io.kdp.linux.ipset.IpSets ipsets() {
        if (ipsets == null) {
            ipsets = new io.kdp.linux.ipset.IpSets(this);
            iptables.ipsets(ipsets);
        }
        return ipsets;
    }

    /**
     * The cgroup the processes of this host run in (their sockets run its effective cgroup BPF
     * programs), or null for none.
     */
    public io.kdp.linux.bpf.Cgroup cgroup() { return cgroup; }

    /** Puts this host's processes into cgroup {@code cg} (null: none). */
    public void cgroup(io.kdp.linux.bpf.Cgroup cg) { this.cgroup = cg; }

    /** The clsact qdiscs of this namespace's devices, where tc BPF programs attach; created on first use. */
    public io.kdp.linux.bpf.Clsact clsact() {
        if (clsact == null) clsact = new io.kdp.linux.bpf.Clsact(this);
        return clsact;
    }

    /**
     * bpf_redirect_neigh (net/core/filter.c): a tc program sends {@code packet} out of {@code out}
     * directly, bypassing this host's IP stack and netfilter; the Ethernet header comes from the
     * neighbour entry of {@code nextHop} (the destination when 0).
     */
    public void redirectNeigh(NetDevice out, Packet packet, int nextHop) {
        if (out.ns() != this) throw new IllegalArgumentException(out + " is not in " + name);
        Packet p = packet.withEthernet(null);
        if (out.hasLinkLayer()) {
            io.kdp.packet.MacAddress mac = io.kdp.packet.MacAddress.ZERO;
            if (out.arp()) {
                int nh = nextHop != 0 ? nextHop : p.dst();
                mac = Arp.resolve(this, out, nh);
                if (mac == null) {
                    Verdicts.end(this, io.kdp.linux.trace.Disposition.NEIGHBOR_UNREACHABLE, "no ARP reply for " + io.kdp.packet.Ip4.format(nh) + " on " + out.name() + " (bpf_redirect_neigh)");
                    return;
                }
            }
            p = p.withEthernet(new io.kdp.packet.EthernetHeader(mac, out.mac(), io.kdp.packet.EtherType.IPV4));
        }
        transmit(out, p);
    }

    /**
     * bpf_redirect(ifindex, 0) (net/core/filter.c): a tc program hands {@code frame} as it is
     * (link-layer header included) to the egress of {@code out}, bypassing this host's IP stack.
     */
    public void redirect(NetDevice out, Packet frame) {
        if (out.ns() != this) throw new IllegalArgumentException(out + " is not in " + name);
        transmit(out, frame);
    }

    /** The loopback device. */
    public LoopbackDevice loopback() { return loopback; }

    /** The routing policy database and tables. */
    public Fib fib() { return fib; }

    /** The ARP cache. */
    public NeighbourTable neighbours() { return neighbours; }

    /** Bound sockets. */
    public SocketTable sockets() { return sockets; }

    /** Registers a receiver for a tunnel protocol: IP protocol {@code protocol}, and for UDP the port. */
    public void registerProtocolHandler(int protocol, int udpPort, ProtocolHandler h) {
        handlers.put(((long) protocol << 16) | udpPort, h);
    }

    /** The receiver registered for IP protocol {@code protocol} (and UDP port), or null. */
    public ProtocolHandler protocolHandler(int protocol, int udpPort) {
        return handlers.get(((long) protocol << 16) | (protocol == io.kdp.packet.IpProtocol.UDP ? udpPort : 0));
    }

    /**
     * {@code modprobe br_netfilter}: bridged IPv4 frames then traverse the iptables PREROUTING,
     * FORWARD and POSTROUTING hooks while {@code net.bridge.bridge-nf-call-iptables} is 1 (its
     * default once the module is loaded).
     */
    public void brNetfilter(boolean loaded) {
        this.brNetfilter = loaded;
    }

    /** Whether br_netfilter is loaded. */
    public boolean brNetfilter() {
        return brNetfilter;
    }

    /** Whether bridged IPv4 frames are passed to iptables (br_netfilter loaded and bridge-nf-call-iptables=1). */
    boolean bridgeCallsIptables() {
        return brNetfilter && sysctls.getInt("net.bridge.bridge-nf-call-iptables", 1) != 0;
    }

    ProtocolHandler protocolHandler(Packet p) {
        if (handlers.isEmpty()) return null;
        int port = p.protocol() == io.kdp.packet.IpProtocol.UDP ? p.dstPort() : 0;
        return handlers.get(((long) p.protocol() << 16) | port);
    }

    /** Adds a newly created device to this namespace (register_netdevice); device classes call it on creation. */
    public void register(NetDevice dev) {
        if (devices.containsKey(dev.name())) throw new IllegalArgumentException("device " + dev.name() + " already exists in " + name);
        devices.put(dev.name(), dev);
    }

    @Override
    public String toString() {
        return name;
    }

}
