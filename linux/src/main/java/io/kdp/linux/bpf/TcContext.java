package io.kdp.linux.bpf;

import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.packet.Packet;

/**
 * The __sk_buff a tc program works on: the frame (with its Ethernet header when the device has
 * one), the device and direction, and the helpers kdp's programs need: rewriting the packet
 * (bpf_skb_store_bytes with the checksum helpers; kdp's packets recompute checksums when encoded),
 * bpf_redirect_neigh, and a drop reason for the trace.
 */
public final class TcContext {
    private final NetNamespace ns;
    private final NetDevice dev;
    private final TcDirection direction;
    private Packet frame;
    private NetDevice redirectDev;
    private int redirectNextHop;
    private boolean redirectPlain;
    private String dropReason;
    private boolean answered;

    public TcContext(NetNamespace ns, NetDevice dev, TcDirection direction, Packet frame) {
        this.ns = ns;
        this.dev = dev;
        this.direction = direction;
        this.frame = frame;
    }

    public NetNamespace ns() { return ns; }
    public NetDevice dev() { return dev; }
    public TcDirection direction() { return direction; }
    /** The frame as it is now. */
    public Packet frame() { return frame; }
    /** Replaces the frame (a rewrite of its headers). */
    public void frame(Packet p) { this.frame = p; }

    /**
     * bpf_redirect_neigh(ifindex, nh): the frame leaves through {@code out} to {@code nextHop} (the
     * destination when 0), its link-layer header filled in from the neighbour table. Returns
     * {@link TcAction#REDIRECT} for the program to return.
     */
    public TcAction redirectNeigh(NetDevice out, int nextHop) {
        this.redirectDev = out;
        this.redirectNextHop = nextHop;
        return TcAction.REDIRECT;
    }

    /**
     * bpf_redirect(ifindex, 0): the frame, link-layer header as it is, goes to the egress of
     * {@code out}. Returns {@link TcAction#REDIRECT} for the program to return.
     */
    public TcAction redirect(NetDevice out) {
        this.redirectDev = out;
        this.redirectPlain = true;
        return TcAction.REDIRECT;
    }

    /** Why the program drops the frame; returns {@link TcAction#SHOT}. {@code answered} when it sent an ICMP error back. */
    public TcAction drop(String reason, boolean answered) {
        this.dropReason = reason;
        this.answered = answered;
        return TcAction.SHOT;
    }

    NetDevice redirectDev() { return redirectDev; }
    int redirectNextHop() { return redirectNextHop; }
    boolean redirectPlain() { return redirectPlain; }
    String dropReason() { return dropReason; }
    boolean answered() { return answered; }
}
