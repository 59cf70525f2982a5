package io.kdp.cluster.capture;

import io.kdp.cluster.Cluster;
import io.kdp.linux.Backlog;
import io.kdp.linux.NetDevice;
import io.kdp.linux.Outcome;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.TraceRecorder;
import io.kdp.linux.trace.Tracer;
import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.pcap.CapturedFrame;
import io.kdp.packet.wire.DecodeException;
import io.kdp.packet.wire.PacketCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Injects the frames of a real capture into an emulated cluster, one at a time, and traces each to
 * its end. State carries over from frame to frame as on a real host (conntrack entries, NAT
 * bindings), and the virtual clock advances by the gaps between the capture's timestamps, so that
 * conntrack timeouts run as they did where the capture was taken.
 *
 * <p>At a socket the packet is sent as that host's socket would send it (its Ethernet header, if
 * any, dropped; routing and OUTPUT apply). On an interface it is received from the wire: an
 * Ethernet frame whose destination MAC is another unicast address would be discarded by the
 * receiving kernel as PACKET_OTHERHOST, so it is rewritten to the device's MAC; a frame without
 * a link-layer header (RAW, Linux cooked) gets one addressed to the device; a device without a link
 * layer (tunl0) gets the bare IP packet. Each such change is reported as a note.
 */
public final class Replayer {
    private final Cluster cluster;

    public Replayer(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Replays {@code frames} at {@code at}.
     *
     * @param file the capture's name, for the report
     */
    public ReplayReport replay(String file, List<CapturedFrame> frames, ReplayPoint at) {
        Backlog backlog = cluster.backlog();
        Tracer previous = backlog.tracer();
        TraceRecorder recorder = new TraceRecorder();
        backlog.tracer(recorder);
        try {
            List<ReplayedPacket> out = new ArrayList<>(frames.size());
            long lastTs = Long.MIN_VALUE;
            int n = 0;
            for (CapturedFrame f : frames) {
                n++;
                if (lastTs != Long.MIN_VALUE && f.timestampNanos() > lastTs) backlog.clock().advance(f.timestampNanos() - lastTs);
                lastTs = Math.max(lastTs, f.timestampNanos());
                out.add(one(n, f, at, recorder));
            }
            var spec = cluster.scenario().spec();
            return new ReplayReport(file, spec.name(), spec.proxyMode(), at.spec(), at.socket(), out);
        } finally {
            backlog.tracer(previous);
        }
    }

    private ReplayedPacket one(int n, CapturedFrame f, ReplayPoint at, TraceRecorder recorder) {
        Packet p;
        try {
            p = PacketCodec.decode(f.data(), f.linkType());
        } catch (DecodeException e) {
            return new ReplayedPacket(n, f.timestampNanos(), f.linkType() + " frame of " + f.data().length + " bytes", null,
                    e.getMessage(), List.of(), List.of());
        }
        List<String> notes = new ArrayList<>(1);
        Backlog backlog = cluster.backlog();
        recorder.take();
        backlog.takeOutcome();
        if (at.socket()) {
            at.ns().sendFromSocket(p);
        } else {
            at.ns().inject(at.device(), toWire(p, at.device(), notes));
        }
        backlog.drain();
        List<Hop> hops = recorder.take();
        Outcome outcome = backlog.takeOutcome();
        if (outcome == null) {
            String host = hops.isEmpty() ? at.ns().name() : hops.get(hops.size() - 1).host();
            outcome = new Outcome(host, Disposition.DROPPED, "the packet vanished without a trace (discarded quietly)");
        }
        return new ReplayedPacket(n, f.timestampNanos(), p.summary(), outcome, null, notes, hops);
    }

    /** The frame as it must arrive on {@code dev}; see the class comment. */
    static Packet toWire(Packet p, NetDevice dev, List<String> notes) {
        if (!dev.hasLinkLayer()) {
            if (p.ethernet() != null) notes.add("Ethernet header removed: " + dev.name() + " has no link layer");
            return p.withEthernet(null);
        }
        EthernetHeader eth = p.ethernet();
        if (eth == null) {
            notes.add("Ethernet header added: dst " + dev.mac() + " (" + dev.name() + "), src " + MacAddress.ZERO);
            return p.withEthernet(new EthernetHeader(dev.mac(), MacAddress.ZERO, EtherType.IPV4));
        }
        if (!eth.dst().equals(dev.mac()) && !eth.dst().isMulticast()) {
            notes.add("dst MAC " + eth.dst() + " rewritten to " + dev.mac() + " (" + dev.name() + "'s), else the kernel discards it as PACKET_OTHERHOST");
            return p.withEthernet(eth.withDst(dev.mac()));
        }
        return p;
    }
}
