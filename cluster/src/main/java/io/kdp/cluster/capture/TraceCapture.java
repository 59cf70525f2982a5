package io.kdp.cluster.capture;

import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.PacketTrace;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import io.kdp.packet.pcap.LinkType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames of a traced conversation as tcpdump would capture them on every interface they
 * crossed: one per {@code tx} and {@code rx} step of the trace, in order, numbered as the text
 * output numbers steps. A frame therefore appears once on each interface it crossed (a veth pair
 * shows it on both ends, a bridge on the port it came in and the port it left), never twice on the
 * same one: on {@code lo}, where the kernel receives what it sent, only the transmission is kept,
 * as {@code tcpdump -i lo} shows each packet once.
 *
 * @param trace the conversation
 * @param frames the captured frames in order
 */
public record TraceCapture(ConnectionTrace trace, List<TraceFrame> frames) {
    public TraceCapture {
        frames = List.copyOf(frames);
    }

    /**
     * Ties the frames a {@link FrameRecorder} saw during the trace to the trace's steps. The kernel
     * emulation reports each frame to the tap just before it traces the matching {@code tx} or
     * {@code rx} step, so the two sequences correspond one to one.
     *
     * @throws IllegalStateException when they do not (a device that sends without tracing)
     */
    public static TraceCapture align(ConnectionTrace trace, List<TappedFrame> tapped) {
        List<TraceFrame> out = new ArrayList<>(tapped.size());
        Map<String, CaptureInterface> interfaces = new HashMap<>();
        int n = 0, next = 0, index = 0;
        for (PacketTrace p : trace.packets()) {
            index++;
            Map<String, String> lastNat = new HashMap<>(); // per host, within this packet's journey
            for (Hop h : p.hops()) {
                Step previous = null;
                for (Step s : h.steps()) {
                    n++;
                    if (s instanceof Step.Nat nat) lastNat.put(h.host(), StepComment.nat(nat, previous));
                    boolean tx = s instanceof Step.Transmit;
                    if (tx || s instanceof Step.Receive) {
                        String dev = tx ? ((Step.Transmit) s).device() : ((Step.Receive) s).device();
                        if (next >= tapped.size()) throw mismatch(n, h.host(), dev, "no frame was tapped");
                        TappedFrame f = tapped.get(next++);
                        if (!f.host().equals(h.host()) || !f.device().equals(dev) || f.outbound() != tx) {
                            throw mismatch(n, h.host(), dev, "the tap saw " + (f.outbound() ? "tx " : "rx ") + f.interfaceName());
                        }
                        if (f.loopback() && !tx) {
                            previous = s;
                            continue;
                        }
                        CaptureInterface itf = interfaces.computeIfAbsent(f.interfaceName(),
                                k -> new CaptureInterface(k, f.linkLayer() ? LinkType.ETHERNET : LinkType.RAW, f.description()));
                        out.add(new TraceFrame(n, index, p.label(), itf, tx, f.timestampNanos(), LinkFraming.fit(f.frame(), itf.linkType()),
                                StepComment.of(n, h.host(), tx, dev, lastNat.get(h.host()))));
                    }
                    previous = s;
                }
            }
        }
        if (next != tapped.size()) {
            TappedFrame f = tapped.get(next);
            throw new IllegalStateException("the tap saw " + (tapped.size() - next) + " frame(s) the trace does not show, first "
                    + (f.outbound() ? "tx " : "rx ") + f.interfaceName());
        }
        return new TraceCapture(trace, out);
    }

    private static IllegalStateException mismatch(int step, String host, String dev, String what) {
        return new IllegalStateException("capture out of step with the trace at step " + step + " (" + host + " " + dev + "): " + what);
    }

    /** The interfaces the frames crossed, in the order of their first frame. */
    public List<CaptureInterface> interfaces() {
        Map<String, CaptureInterface> m = new LinkedHashMap<>();
        for (TraceFrame f : frames) m.putIfAbsent(f.iface().name(), f.iface());
        return List.copyOf(m.values());
    }

    /** The frames seen on one interface, in order. */
    public List<TraceFrame> framesOn(CaptureInterface iface) {
        return frames.stream().filter(f -> f.iface().equals(iface)).toList();
    }

    /** The {@code shb_comment} of a pcapng export: {@code scenario default: default/client -> svc/default/web:http}. */
    public String sectionComment() {
        return "scenario " + trace.scenario() + ": " + trace.from() + " -> " + trace.to();
    }
}
