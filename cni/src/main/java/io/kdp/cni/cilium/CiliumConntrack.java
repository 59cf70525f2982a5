package io.kdp.cni.cilium;

import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import java.util.HashSet;
import java.util.Set;

/**
 * The part of Cilium's connection tracking (bpf/lib/conntrack.h, {@code cilium_ct4_global}) that
 * policy relies on: a connection is checked against policy once, when it is new, in each direction
 * of each endpoint (an egress entry at the client's endpoint, an ingress entry at the server's);
 * packets of an established connection and its replies pass without a policy lookup. Entries do
 * not expire in kdp. (The service load balancer keeps its own entries in {@code LbMaps}.)
 */
final class CiliumConntrack {
    /** What a lookup found. */
    enum State { NEW, ESTABLISHED, REPLY }

    private record Tuple(int src, int sport, int dst, int dport, int proto, boolean egress) {}

    private final Set<Tuple> entries = new HashSet<>();

    /** ct_lookup4 for {@code p} in the given direction of an endpoint. */
    State lookup(Packet p, boolean egress) {
        if (entries.contains(forward(p, egress))) return State.ESTABLISHED;
        if (entries.contains(new Tuple(p.dst(), p.dstPort(), p.src(), p.srcPort(), p.protocol(), !egress))) return State.REPLY;
        return State.NEW;
    }

    /** ct_create4 after policy allowed a new connection. */
    void create(Packet p, boolean egress) {
        entries.add(forward(p, egress));
    }

    private static Tuple forward(Packet p, boolean egress) {
        return new Tuple(p.src(), p.srcPort(), p.dst(), p.dstPort(), p.protocol(), egress);
    }

    /** {@code TCP OUT 10.244.0.2:40000 -> 10.244.2.2:8080}, as a trace shows the tuple looked up. */
    static String describe(Packet p, boolean egress) {
        return IpProtocol.name(p.protocol()).toUpperCase() + (egress ? " OUT " : " IN ") + Ip4.format(p.src()) + ":" + p.srcPort()
                + " -> " + Ip4.format(p.dst()) + ":" + p.dstPort();
    }

    /** The map name traces show. */
    static final String NAME = "cilium_ct4_global";
}
