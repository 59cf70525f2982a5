package io.kdp.linux.socket;

import java.util.HashMap;
import java.util.Map;

/**
 * The sockets of one namespace, looked up as __inet_lookup does: a socket bound to the exact local
 * address wins over one bound to INADDR_ANY.
 */
public final class SocketTable {
    private final Map<Long, Socket> sockets = new HashMap<>();

    private static long key(int protocol, int address, int port) {
        return ((long) protocol << 48) | ((long) port << 32) | (address & 0xffffffffL);
    }

    /**
     * Binds a socket ({@code bind(2)}); fails with EADDRINUSE as the kernel does when the same
     * address and port are taken.
     */
    public Socket bind(int protocol, int address, int port, String owner) {
        long k = key(protocol, address, port);
        if (sockets.containsKey(k)) throw new IllegalStateException("bind: Address already in use (" + sockets.get(k) + ")");
        Socket s = new Socket(protocol, address, port, owner);
        sockets.put(k, s);
        return s;
    }

    public void close(Socket s) {
        sockets.remove(key(s.protocol(), s.address(), s.port()));
    }

    /**
     * {@code connect(2)}: the socket then takes packets only from that peer; anything else finds
     * no socket (for TCP, a reset), as the established-socket lookup misses.
     */
    public void connect(Socket s, int address, int port) {
        s.connect(address, port);
    }

    /**
     * The socket a packet from {@code src:sport} to {@code dst:dport} reaches (__inet_lookup): a
     * connected socket only for its peer, else a bound or listening one; null if none.
     */
    public Socket lookup(int protocol, int dst, int dport, int src, int sport) {
        Socket s = lookup(protocol, dst, dport);
        return s != null && s.accepts(src, sport) ? s : null;
    }

    /** The socket bound to {@code address:port} (or to any address on that port), connected or not; null if none. */
    public Socket lookup(int protocol, int address, int port) {
        Socket s = sockets.get(key(protocol, address, port));
        return s != null ? s : sockets.get(key(protocol, 0, port));
    }

    /** Hands a packet to a socket. */
    public void deliver(Socket s, io.kdp.packet.Packet p) {
        s.deliver(p);
    }

    public java.util.Collection<Socket> all() {
        return java.util.Collections.unmodifiableCollection(sockets.values());
    }
}
