package io.kdp.cluster.bench;

import io.kdp.packet.Packet;

/**
 * The unit of work the lookup benchmarks time: one packet's service decision on a
 * {@link BenchNode} (see {@link BenchNode#decideNew}), to the Service at one {@link Position}, for a
 * new or an established connection. JMH's benchmark methods and {@code kdp bench}'s loop both call
 * {@link #run} for a batch of packets and {@link #reset} between batches, outside the timed region.
 *
 * <p>Every decision is checked: the packet must come out DNATed to an endpoint of the right Service
 * (to the connection's own endpoint when established), so a broken data plane fails the benchmark
 * instead of measuring a drop.
 */
public final class DecisionProbe {
    private final BenchNode node;
    private final Position position;
    private final ConnectionKind kind;
    private final int service;
    private BenchNode.Connection connection;
    /** {@link BenchNode#flushes()} when the connection was opened: a later flush took it away. */
    private long opened;

    /**
     * A probe on {@code node}; for an established connection, the connection is opened here (a full
     * handshake across the node).
     */
    public DecisionProbe(BenchNode node, Position position, ConnectionKind kind) {
        this.node = node;
        this.position = position;
        this.kind = kind;
        this.service = node.serviceAt(position);
        if (kind == ConnectionKind.ESTABLISHED) reopen();
    }

    private void reopen() {
        connection = node.open(service);
        opened = node.flushes();
    }

    public BenchNode node() { return node; }
    public Position position() { return position; }
    public ConnectionKind kind() { return kind; }

    /**
     * Pushes {@code packets} packets through the decision; returns a checksum of where they went
     * (consume it, so the work cannot be optimised away). At most {@link BenchNode#PORT_RANGE}
     * packets between two {@link #reset()}s.
     *
     * @throws IllegalStateException when a packet was not load-balanced as expected
     */
    public long run(int packets) {
        long sum = 0;
        if (kind == ConnectionKind.NEW) {
            for (int i = 0; i < packets; i++) {
                Packet p = node.decideNew(service);
                if (p == null || !node.isEndpointOf(service, p.dst())) throw notBalanced(p);
                sum += p.dst();
            }
        } else {
            BenchNode.Connection c = connection;
            for (int i = 0; i < packets; i++) {
                Packet p = node.decideEstablished(c);
                if (p == null || p.dst() != c.endpoint()) throw notBalanced(p);
                sum += p.srcPort();
            }
        }
        return sum;
    }

    /**
     * Between batches: for new connections, the connection tables are flushed; for an established
     * one, the connection is opened again if a flush (another probe's) took it away.
     */
    public void reset() {
        if (kind == ConnectionKind.NEW) node.flushConnections();
        else if (node.flushes() != opened) reopen();
    }

    private IllegalStateException notBalanced(Packet p) {
        return new IllegalStateException(node.mode().modeName() + ", " + node.services() + " services: a " + kind.label()
                + " packet to the " + position.label() + " service was not load-balanced" + (p == null ? " (dropped)" : " (" + p.summary() + ")"));
    }
}
