package io.kdp.linux;

import io.kdp.linux.trace.Tracer;
import io.kdp.packet.Packet;
import java.util.ArrayDeque;

/**
 * The input queue that carries frames from the device that sent them to the device that receives
 * them (the kernel's per-CPU backlog fed by netif_rx and drained by process_backlog). All namespaces
 * of one emulation share it, with one virtual clock and one tracer. Draining it runs each frame
 * through its receiving namespace's stack; frames those namespaces send are queued behind, so a
 * packet's journey is a loop, not a recursion, and a packet that circles is caught by TTL or by
 * {@link #maxDeliveries}.
 */
public final class Backlog {
    private record Pending(NetDevice device, Packet frame, SkBuff looped) {}

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Clock clock;
    private Tracer tracer = Tracer.OFF;
    private long hopNanos = 1_000;
    private int maxDeliveries = 1_000;
    private FrameTap tap = FrameTap.NONE;
    private Outcome outcome;

    public Backlog(Clock clock) {
        this.clock = clock;
    }

    public Clock clock() { return clock; }
    public Tracer tracer() { return tracer; }
    public void tracer(Tracer t) { this.tracer = t == null ? Tracer.OFF : t; }
    /** Observer of every frame sent and received on any device (packet captures). */
    public FrameTap tap() { return tap; }
    public void tap(FrameTap t) { this.tap = t == null ? FrameTap.NONE : t; }
    /** Virtual time that passes each time a frame crosses a link. */
    public void hopNanos(long n) { this.hopNanos = n; }
    /** Deliveries after which one drain gives up and reports a loop (L2 loops have no TTL). */
    public void maxDeliveries(int n) { this.maxDeliveries = n; }

    /** Records how the driven packet ended, unless an earlier event already did. */
    public void outcome(String host, io.kdp.linux.trace.Disposition d, String reason) {
        if (outcome == null) outcome = new Outcome(host, d, reason);
    }

    /** Returns and clears the recorded outcome (null if the packet is still somewhere). */
    public Outcome takeOutcome() {
        Outcome o = outcome;
        outcome = null;
        return o;
    }

    /** Queues a frame for reception on {@code device} (netif_rx). */
    public void enqueue(NetDevice device, Packet frame) {
        queue.add(new Pending(device, frame, null));
    }

    /**
     * Queues a frame sent on the loopback device together with the sender's skb state: loopback_xmit
     * does not scrub the skb, so its conntrack entry and mark arrive with it.
     */
    void enqueueLooped(NetDevice lo, Packet frame, SkBuff skb) {
        queue.add(new Pending(lo, frame, skb));
    }

    /**
     * Delivers queued frames until none is left.
     *
     * @return false if it stopped because {@link #maxDeliveries} was reached (a loop)
     */
    public boolean drain() {
        int delivered = 0;
        while (!queue.isEmpty()) {
            if (delivered++ >= maxDeliveries) {
                Pending p = queue.peek();
                queue.clear();
                p.device().ns().loopDetected(p.device(), p.frame(), maxDeliveries);
                return false;
            }
            Pending p = queue.poll();
            clock.advance(hopNanos);
            p.device().ns().receive(p.device(), p.frame(), p.looped());
        }
        return true;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
