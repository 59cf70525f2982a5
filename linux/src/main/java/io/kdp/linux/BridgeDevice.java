package io.kdp.linux;

import io.kdp.linux.trace.Step;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Linux bridge (net/bridge): ports are enslaved devices; frames are forwarded by the forwarding
 * database, which learns source addresses (br_fdb_update), or flooded when unknown; frames for the
 * bridge's own address, and broadcasts, also go up to the bridge device's own IP stack.
 */
public final class BridgeDevice extends NetDevice {
    private final List<NetDevice> ports = new ArrayList<>();
    private final java.util.Map<MacAddress, NetDevice> fdb = new java.util.HashMap<>();

    public BridgeDevice(NetNamespace ns, String name, MacAddress mac) {
        super(ns, name, mac, 1500);
        ns.register(this);
    }

    @Override
    public String kind() {
        return "bridge";
    }

    /** {@code ip link set PORT master BRIDGE}. */
    public void addPort(NetDevice port) {
        if (port.ns() != ns()) throw new IllegalArgumentException(port + " is not in " + ns().name());
        if (port.master() != null) throw new IllegalArgumentException(port + " is already enslaved to " + port.master().name());
        ports.add(port);
        port.master(this);
    }

    public List<NetDevice> ports() {
        return Collections.unmodifiableList(ports);
    }

    /** Learns that {@code mac} is behind {@code port} (br_fdb_update). */
    void learn(io.kdp.packet.MacAddress mac, NetDevice port) {
        if (ports.contains(port) && !mac.isMulticast()) fdb.put(mac, port);
    }

    /** The port a MAC was learned on, or null. */
    public NetDevice portOf(MacAddress mac) {
        return fdb.get(mac);
    }

    /** br_handle_frame: a frame arrives on one of our ports. */
    void input(NetDevice port, Packet frame, Backlog backlog) {
        NetNamespace ns = ns();
        var eth = frame.ethernet();
        if (!eth.src().isMulticast()) fdb.put(eth.src(), port);
        MacAddress dst = eth.dst();
        if (dst.equals(mac())) {
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Bridge(name(), port.name(), name(), "local"));
            ns.receiveUp(this, frame);
            return;
        }
        NetDevice out = dst.isMulticast() ? null : fdb.get(dst);
        if (out != null) {
            if (out == port) return; // br_forward does not send back out of the ingress port
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Bridge(name(), port.name(), out.name(), "fdb"));
            ns.transmit(out, frame);
            return;
        }
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Bridge(name(), port.name(), "*", dst.isMulticast() ? "broadcast" : "flood, unknown " + dst));
        for (NetDevice p : ports) {
            if (p != port) ns.transmit(p, frame);
        }
        if (dst.isMulticast()) ns.receiveUp(this, frame);
    }

    /** The bridge's own stack sends: forward by FDB or flood to every port. */
    @Override
    protected void transmit(Packet frame, Backlog backlog) {
        NetDevice out = frame.ethernet().dst().isMulticast() ? null : fdb.get(frame.ethernet().dst());
        if (out != null) {
            ns().transmit(out, frame);
            return;
        }
        for (NetDevice p : ports) ns().transmit(p, frame);
    }
}
