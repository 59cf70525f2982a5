package io.kdp.linux;

import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;

/**
 * One end of a veth pair: a frame sent on one end is received on the other (veth_xmit), which may
 * live in another namespace. Create pairs with {@link #pair}.
 */
public final class VethDevice extends NetDevice {
    private VethDevice peer;

    private VethDevice(NetNamespace ns, String name, MacAddress mac, int mtu) {
        super(ns, name, mac, mtu);
    }

    /** Creates {@code ip link add NAME type veth peer name PEER netns PEER_NS}, registering both ends. */
    public static VethDevice pair(NetNamespace ns, String name, MacAddress mac, NetNamespace peerNs, String peerName, MacAddress peerMac, int mtu) {
        VethDevice a = new VethDevice(ns, name, mac, mtu);
        VethDevice b = new VethDevice(peerNs, peerName, peerMac, mtu);
        a.peer = b;
        b.peer = a;
        ns.register(a);
        peerNs.register(b);
        return a;
    }

    public VethDevice peer() {
        return peer;
    }

    @Override
    public String kind() {
        return "veth";
    }

    @Override
    protected void transmit(Packet frame, Backlog backlog) {
        // veth_xmit drops when the peer is down (carrier off).
        if (peer.isUp()) backlog.enqueue(peer, frame);
    }
}
