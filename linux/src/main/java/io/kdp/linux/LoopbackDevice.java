package io.kdp.linux;

import io.kdp.packet.Packet;

/** The loopback device {@code lo}: what it transmits it receives (loopback_xmit calls netif_rx). */
public final class LoopbackDevice extends NetDevice {
    /** Linux's loopback MTU since 4.14. */
    public static final int MTU = 65536;

    public LoopbackDevice(NetNamespace ns) {
        super(ns, "lo", io.kdp.packet.MacAddress.ZERO, MTU);
        ns.register(this);
    }

    @Override
    public String kind() {
        return "loopback";
    }

    @Override
    public boolean arp() {
        return false;
    }

    @Override
    protected void transmit(Packet frame, Backlog backlog) {
        backlog.enqueue(this, frame);
    }
}
