package io.kdp.linux;

import io.kdp.packet.Cidr;
import io.kdp.packet.MacAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A network device in a namespace (struct net_device): name, index, link-layer address, MTU,
 * state, addresses, and the bridge it is enslaved to. Subclasses model the kinds CNIs create and
 * say what transmitting a frame on them does.
 */
public abstract class NetDevice {
    private final NetNamespace ns;
    private final String name;
    private final int ifindex;
    private MacAddress mac;
    private int mtu;
    private boolean up;
    private final List<Cidr> addresses = new ArrayList<>();
    private BridgeDevice master;

    protected NetDevice(NetNamespace ns, String name, MacAddress mac, int mtu) {
        if (name == null || name.isEmpty() || name.length() > 15 || name.contains("/") || name.contains(" ")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid interface name (IFNAMSIZ is 16, no '/' or spaces)");
        }
        this.ns = ns;
        this.name = name;
        this.ifindex = ns.nextIfindex();
        this.mac = mac;
        this.mtu = mtu;
    }

    public NetNamespace ns() { return ns; }
    public String name() { return name; }
    public int ifindex() { return ifindex; }
    /** Link-layer address; null for IP-level devices (tunl0, TUN) that have none. */
    public MacAddress mac() { return mac; }
    public void mac(MacAddress m) { this.mac = m; }
    public int mtu() { return mtu; }
    public void mtu(int m) { this.mtu = m; }
    public boolean isUp() { return up; }
    public void up(boolean u) { this.up = u; }
    public BridgeDevice master() { return master; }
    void master(BridgeDevice b) { this.master = b; }

    /** Addresses in the order added; the first is primary (inet_select_addr prefers it). */
    public List<Cidr> addresses() { return Collections.unmodifiableList(addresses); }

    void addAddress(Cidr c) {
        if (!addresses.contains(c)) addresses.add(c);
    }

    void removeAddress(Cidr c) {
        addresses.remove(c);
    }

    /** The kind as {@code ip -d link} prints it after the flags ({@code veth}, {@code bridge}, {@code vxlan ...}); empty for plain ethernet. */
    public abstract String kind();

    /** Whether frames on this device carry an Ethernet header (false for tunl0 and TUN). */
    public boolean hasLinkLayer() {
        return mac != null;
    }

    /** Whether the device does ARP (IFF_NOARP is set for loopback, dummy, tunl0, TUN). */
    public boolean arp() {
        return hasLinkLayer();
    }

    /**
     * Puts a frame on the wire of this device. The default delivers nowhere (dummy); veth hands it
     * to the peer, tunnels encapsulate.
     */
    protected abstract void transmit(io.kdp.packet.Packet frame, Backlog backlog);

    /**
     * As {@link #transmit(io.kdp.packet.Packet, Backlog)}, with the skb the IP output path sent it with
     * (null for frames a bridge forwards). Tunnels override this: they need the route's next hop and
     * the mark. The default ignores the skb.
     */
    protected void transmit(io.kdp.packet.Packet frame, Backlog backlog, SkBuff skb) {
        transmit(frame, backlog);
    }

    @Override
    public String toString() {
        return ns.name() + "/" + name;
    }
}
