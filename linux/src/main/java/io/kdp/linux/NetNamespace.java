package io.kdp.linux;

import io.kdp.linux.conntrack.Conntrack;
import io.kdp.linux.iptables.Iptables;
import io.kdp.linux.netfilter.Netfilter;
import io.kdp.linux.trace.Tracer;
import io.kdp.packet.Packet;
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
    private SplittableRandom random;
    private int ifindex;

    public NetNamespace(String name, Backlog backlog, long seed) {
        this.name = name;
        this.backlog = backlog;
        this.random = new SplittableRandom(seed ^ name.hashCode());
        this.conntrack = new Conntrack(this);
        this.iptables = new Iptables(this);
        conntrack.registerHooks();
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
        throw new UnsupportedOperationException("stack work in progress");
    }

    /** Whether {@code ip} is one of this namespace's own addresses (type LOCAL). */
    public boolean isLocalAddress(int ip) {
        return addressType(ip) == RouteType.LOCAL;
    }

    /** The source address MASQUERADE picks on {@code out} for {@code nextHop} (inet_select_addr), 0 if none. */
    public int masqueradeSource(NetDevice out, int nextHop) {
        throw new UnsupportedOperationException("stack work in progress");
    }

    /** Sends the ICMP error Linux sends for {@code skb}'s packet (icmp_send), as REJECT does. */
    public void sendIcmpError(SkBuff skb, int type, int code) {
        throw new UnsupportedOperationException("stack work in progress");
    }

    /** Sends a TCP RST answering {@code skb}'s packet (nf_send_reset), as REJECT --reject-with tcp-reset does. */
    public void sendTcpReset(SkBuff skb) {
        throw new UnsupportedOperationException("stack work in progress");
    }

    /** A frame arrives on {@code dev} (netif_receive_skb). */
    void receive(NetDevice dev, Packet frame) {
        throw new UnsupportedOperationException("stack work in progress");
    }

    void loopDetected(NetDevice dev, Packet frame, int deliveries) {
        throw new UnsupportedOperationException("stack work in progress");
    }

    void register(NetDevice dev) {
        if (devices.containsKey(dev.name())) throw new IllegalArgumentException("device " + dev.name() + " already exists in " + name);
        devices.put(dev.name(), dev);
    }

    @Override
    public String toString() {
        return name;
    }

}
