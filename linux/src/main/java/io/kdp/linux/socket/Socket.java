package io.kdp.linux.socket;

import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * A bound socket: a listener on a port (address 0 = INADDR_ANY) or a client's local end. Packets
 * the stack delivers to it are kept in order for whoever drives the application side.
 */
public final class Socket {
    private final int protocol;
    private final int address;
    private final int port;
    private final String owner;
    private final List<Packet> received = new ArrayList<>();
    private int remoteAddress;
    private int remotePort;

    Socket(int protocol, int address, int port, String owner) {
        this.protocol = protocol;
        this.address = address;
        this.port = port;
        this.owner = owner;
    }

    public int protocol() { return protocol; }
    public int address() { return address; }
    public int port() { return port; }
    /** The peer of a connected socket ({@code connect(2)}), or 0 when unconnected. */
    public int remoteAddress() { return remoteAddress; }
    public int remotePort() { return remotePort; }

    /** Whether this socket takes a packet from {@code src:sport}: any, unless it is connected to another peer. */
    public boolean accepts(int src, int sport) {
        return remoteAddress == 0 || (remoteAddress == src && remotePort == sport);
    }

    void connect(int address, int port) {
        this.remoteAddress = address;
        this.remotePort = port;
    }

    /** Who holds the socket, e.g. {@code nginx} or {@code client}. */
    public String owner() { return owner; }

    void deliver(Packet p) {
        received.add(p);
    }

    /** Packets delivered so far, oldest first. */
    public List<Packet> received() {
        return java.util.Collections.unmodifiableList(received);
    }

    /** Removes and returns the oldest delivered packet, or null. */
    public Packet poll() {
        return received.isEmpty() ? null : received.remove(0);
    }

    /** As {@code ss} shows the local end: {@code tcp 0.0.0.0:8080 (nginx)}. */
    @Override
    public String toString() {
        return IpProtocol.name(protocol) + " " + (address == 0 ? "*" : Ip4.format(address)) + ":" + port + " (" + owner + ")";
    }
}
