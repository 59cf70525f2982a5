package io.kdp.cluster.trace;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.NodeHost;
import io.kdp.cluster.PodHost;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.Outcome;
import io.kdp.linux.socket.Socket;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.TraceRecorder;
import io.kdp.linux.trace.Tracer;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Drives a conversation through a cluster and traces every packet: for TCP the handshake (SYN,
 * SYN-ACK, ACK), a request segment and its reply; for UDP a datagram and its reply; for ICMP an
 * echo request (the kernel answers it). Each side answers exactly what its socket received, so
 * the server replies to the address it saw (after DNAT and SNAT) and the client sees the reply
 * after conntrack undid them, as on a real node.
 */
public final class ConnectionTracer {
    /** Linux's ephemeral port range (net.ipv4.ip_local_port_range). */
    static final int EPHEMERAL_MIN = 32768, EPHEMERAL_MAX = 60999;
    static final String REQUEST = "GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: kdp\r\n\r\n";
    static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

    private final Cluster cluster;
    private final TraceRecorder recorder = new TraceRecorder();

    public ConnectionTracer(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Traces a conversation.
     *
     * @param from a pod ({@code ns/name} or {@code name}), a node name, or the external client's name
     * @param to see {@link TraceTarget}
     * @param proto tcp, udp or icmp
     * @param seed seeds the client's port and sequence numbers
     */
    public ConnectionTrace trace(String from, String to, String proto, long seed) {
        NetNamespace client = clientHost(from);
        TraceTarget target = TraceTarget.resolve(cluster, to, proto);
        SplittableRandom random = new SplittableRandom(seed);
        Tracer previous = cluster.backlog().tracer();
        cluster.backlog().tracer(recorder);
        try {
            List<PacketTrace> packets = new ArrayList<>();
            boolean complete = switch (proto) {
                case "tcp" -> tcp(client, target, random, packets);
                case "udp" -> udp(client, target, random, packets);
                case "icmp" -> icmp(client, target, random, packets);
                default -> throw new IllegalArgumentException("--proto " + proto + ": expected tcp, udp or icmp");
            };
            String dest = Ip4.format(target.address()) + ("icmp".equals(proto) ? "" : ":" + target.port());
            return new ConnectionTrace(cluster.scenario().spec().name(), cluster.scenario().spec().proxyMode(), from, to, dest, proto, seed, packets, complete);
        } finally {
            cluster.backlog().tracer(previous);
        }
    }

    private NetNamespace clientHost(String from) {
        PodHost pod = cluster.pod(from);
        if (pod != null) return pod.ns();
        NodeHost node = cluster.nodes().get(from);
        if (node != null) return node.ns();
        if (cluster.external() != null && cluster.external().name().equals(from)) return cluster.external();
        throw new IllegalArgumentException("--from " + from + ": no pod, node or external client of that name");
    }

    private boolean tcp(NetNamespace client, TraceTarget target, SplittableRandom random, List<PacketTrace> out) {
        int sport = random.nextInt(EPHEMERAL_MIN, EPHEMERAL_MAX + 1);
        long iss = random.nextLong(1L << 32);
        long serverIss = random.nextLong(1L << 32);
        int src = sourceFor(client, target.address());
        Socket cs = client.sockets().bind(IpProtocol.TCP, src, sport, "client");
        client.sockets().connect(cs, target.address(), target.port());
        try {
            Packet syn = packet(IpProtocol.TCP, src, target.address(), 1, new TcpHeader(sport, target.port(), iss, 0, TcpHeader.SYN, TcpHeader.DEFAULT_WINDOW), null);
            Delivery d = send("SYN", client, syn, out);
            if (d == null) return false;
            Packet seen = d.packet;
            NetNamespace server = d.ns;
            Packet synAck = reply(seen, 1, new TcpHeader(seen.dstPort(), seen.srcPort(), serverIss, (iss + 1) & 0xffffffffL, TcpHeader.SYN | TcpHeader.ACK, 65160), null);
            Delivery back = send("SYN-ACK", server, synAck, out);
            if (back == null || back.socket != cs) return false;
            Packet ack = packet(IpProtocol.TCP, src, target.address(), 2, new TcpHeader(sport, target.port(), (iss + 1) & 0xffffffffL, (serverIss + 1) & 0xffffffffL, TcpHeader.ACK, 502), null);
            if (send("ACK", client, ack, out) == null) return false;
            Payload.Data request = Payload.Data.ascii(String.format(REQUEST, Ip4.format(target.address())));
            Packet data = packet(IpProtocol.TCP, src, target.address(), 3, new TcpHeader(sport, target.port(), (iss + 1) & 0xffffffffL, (serverIss + 1) & 0xffffffffL, TcpHeader.PSH | TcpHeader.ACK, 502), request);
            Delivery req = send("request", client, data, out);
            if (req == null) return false;
            Packet rs = req.packet;
            Payload.Data response = Payload.Data.ascii(RESPONSE);
            Packet resp = reply(rs, 2, new TcpHeader(rs.dstPort(), rs.srcPort(), (serverIss + 1) & 0xffffffffL, (iss + 1 + request.length()) & 0xffffffffL, TcpHeader.PSH | TcpHeader.ACK, 510), response);
            Delivery got = send("reply", req.ns, resp, out);
            return got != null && got.socket == cs;
        } finally {
            client.sockets().close(cs);
        }
    }

    private boolean udp(NetNamespace client, TraceTarget target, SplittableRandom random, List<PacketTrace> out) {
        int sport = random.nextInt(EPHEMERAL_MIN, EPHEMERAL_MAX + 1);
        int src = sourceFor(client, target.address());
        Socket cs = client.sockets().bind(IpProtocol.UDP, src, sport, "client");
        client.sockets().connect(cs, target.address(), target.port());
        try {
            Packet q = packet(IpProtocol.UDP, src, target.address(), 1, new UdpHeader(sport, target.port()), Payload.Data.ascii("kdp request"));
            Delivery d = send("request", client, q, out);
            if (d == null) return false;
            Packet r = reply(d.packet, 1, new UdpHeader(d.packet.dstPort(), d.packet.srcPort()), Payload.Data.ascii("kdp reply"));
            Delivery got = send("reply", d.ns, r, out);
            return got != null && got.socket == cs;
        } finally {
            client.sockets().close(cs);
        }
    }

    private boolean icmp(NetNamespace client, TraceTarget target, SplittableRandom random, List<PacketTrace> out) {
        int id = random.nextInt(1, 65536);
        int src = sourceFor(client, target.address());
        Socket cs = client.sockets().bind(IpProtocol.ICMP, src, id, "ping");
        try {
            Packet echo = packet(IpProtocol.ICMP, src, target.address(), 1, IcmpHeader.echoRequest(id, 1), Payload.Data.ascii("kdp-ping-payload"));
            Delivery d = send("echo", client, echo, out);
            return d != null && cs.received().size() == 1;
        } finally {
            client.sockets().close(cs);
        }
    }

    /** The source address the client's kernel would pick: its route's preferred source or its device's address. */
    private static int sourceFor(NetNamespace ns, int dst) {
        var route = ns.fib().lookup(dst, 0, 0, "lo", null);
        if (route == null) return ns.selectSourceAddress(null, dst);
        if (route.prefsrc() != 0) return route.prefsrc();
        if (route.type() == io.kdp.linux.RouteType.LOCAL) return dst;
        return ns.selectSourceAddress(ns.device(route.dev()), route.gateway() != 0 ? route.gateway() : dst);
    }

    private static Packet packet(int proto, int src, int dst, int id, io.kdp.packet.Transport t, Payload payload) {
        return new Packet(null, Ipv4Header.of(proto, src, dst, id), t, payload);
    }

    private static Packet reply(Packet seen, int id, io.kdp.packet.Transport t, Payload payload) {
        return new Packet(null, Ipv4Header.of(seen.protocol(), seen.dst(), seen.src(), id), t, payload);
    }

    private record Delivery(NetNamespace ns, Socket socket, Packet packet) {}

    /**
     * Sends one packet from {@code ns}, runs the cluster until nothing moves, records the trace, and
     * returns where it was delivered (null if it was not).
     */
    private Delivery send(String label, NetNamespace ns, Packet p, List<PacketTrace> out) {
        var before = snapshot();
        recorder.take();
        cluster.backlog().takeOutcome();
        ns.sendFromSocket(p);
        cluster.backlog().drain();
        List<Hop> hops = recorder.take();
        Outcome outcome = cluster.backlog().takeOutcome();
        if (outcome == null) outcome = new Outcome(ns.name(), Disposition.DROPPED, "the packet vanished without a trace (a device that discards, such as a dummy)");
        out.add(new PacketTrace(label, ns.name(), p.summary(), hops, outcome));
        if (outcome.disposition() != Disposition.DELIVERED) return null;
        for (NetNamespace h : cluster.hosts()) {
            for (Socket s : h.sockets().all()) {
                int had = before.getOrDefault(s, 0);
                if (s.received().size() > had) return new Delivery(h, s, s.received().get(s.received().size() - 1));
            }
        }
        return null;
    }

    private java.util.Map<Socket, Integer> snapshot() {
        java.util.Map<Socket, Integer> m = new java.util.IdentityHashMap<>();
        for (NetNamespace h : cluster.hosts()) for (Socket s : h.sockets().all()) m.put(s, s.received().size());
        return m;
    }
}
