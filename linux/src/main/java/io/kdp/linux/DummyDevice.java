package io.kdp.linux;

import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;

/**
 * A dummy device: holds addresses (kube-proxy's {@code kube-ipvs0} binds every ClusterIP to one);
 * whatever is sent on it vanishes, as dummy_xmit frees the skb.
 */
public final class DummyDevice extends NetDevice {
    public DummyDevice(NetNamespace ns, String name, MacAddress mac) {
        super(ns, name, mac, 1500);
        ns.register(this);
    }

    @Override
    public String kind() {
        return "dummy";
    }

    @Override
    public boolean arp() {
        return false;
    }

    @Override
    protected void transmit(Packet frame, Backlog backlog) {}
}
