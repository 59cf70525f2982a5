package io.kdp.cluster.capture;

import io.kdp.linux.FrameTap;
import io.kdp.linux.LoopbackDevice;
import io.kdp.linux.NetDevice;
import io.kdp.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FrameTap} that keeps every frame it is shown, like a packet socket bound to every device
 * of the cluster at once. Packets are immutable, so it keeps references and encodes nothing: the
 * cost while tracing is one small record a frame.
 */
public final class FrameRecorder implements FrameTap {
    private final List<TappedFrame> frames = new ArrayList<>();

    @Override
    public void frame(NetDevice device, boolean outbound, Packet frame, long timestampNanos) {
        String kind = device.kind();
        frames.add(new TappedFrame(device.ns().name(), device.name(), device.hasLinkLayer(), device instanceof LoopbackDevice,
                kind == null || kind.isEmpty() ? null : kind, outbound, frame, timestampNanos));
    }

    /** The frames recorded since the last call, and starts afresh. */
    public List<TappedFrame> take() {
        List<TappedFrame> out = List.copyOf(frames);
        frames.clear();
        return out;
    }
}
