package io.kdp.linux;

import io.kdp.packet.Packet;

/** Sees every frame as it leaves or enters a device, like a packet socket bound to that device. */
public interface FrameTap {
    /**
     * @param device the device
     * @param outbound true when the device transmits the frame, false when it receives it
     * @param frame the frame as it is on the wire of that device
     * @param timestampNanos virtual time
     */
    void frame(NetDevice device, boolean outbound, Packet frame, long timestampNanos);

    FrameTap NONE = (d, o, f, t) -> {};
}
