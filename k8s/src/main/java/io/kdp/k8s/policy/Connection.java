package io.kdp.k8s.policy;

import io.kdp.k8s.model.Protocol;

/**
 * A new L4 connection as NetworkPolicy sees it, after any Service DNAT: source, destination, protocol and
 * destination port. Named ports in policies resolve against the destination pod's container ports.
 */
public record Connection(ConnectionEnd source, ConnectionEnd destination, Protocol protocol, int port) {
    public Connection {
        if (source == null || destination == null) throw new IllegalArgumentException("connection: source and destination are required");
        if (protocol == null) throw new IllegalArgumentException("connection: protocol is required (TCP, UDP or SCTP)");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("connection: destination port " + port + " is not in 1..65535");
    }

    public static Connection tcp(ConnectionEnd source, ConnectionEnd destination, int port) {
        return new Connection(source, destination, Protocol.TCP, port);
    }

    public static Connection udp(ConnectionEnd source, ConnectionEnd destination, int port) {
        return new Connection(source, destination, Protocol.UDP, port);
    }

    /** {@code x/a -> x/b TCP/80}. */
    @Override
    public String toString() {
        return source.describe() + " -> " + destination.describe() + " " + protocol + "/" + port;
    }
}
