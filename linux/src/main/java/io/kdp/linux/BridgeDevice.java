package io.kdp.linux;

import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;

/** PLACEHOLDER: a Linux bridge (filled in by the stack work). */
public final class BridgeDevice extends NetDevice {
    public BridgeDevice(NetNamespace ns, String name, MacAddress mac) {
        super(ns, name, mac, 1500);
    }

    @Override
    public String kind() {
        return "bridge";
    }

    @Override
    protected void transmit(Packet frame, Backlog backlog) {}
}
