package io.kdp.cluster.capture;

import io.kdp.packet.Packet;

/**
 * One frame as a {@link FrameRecorder} saw it leave or enter a device.
 *
 * @param host the namespace the device lives in
 * @param device the device name
 * @param linkLayer whether the device has a link layer (Ethernet) or is IP-level (tunl0, TUN)
 * @param loopback whether the device is the loopback device
 * @param description the device kind as {@code ip -d link} names it ({@code veth}, {@code bridge}...), or null
 * @param outbound true when the device transmitted it, false when it received it
 * @param frame the frame as it is on that device's wire
 * @param timestampNanos virtual time, nanoseconds since the epoch
 */
public record TappedFrame(String host, String device, boolean linkLayer, boolean loopback, String description, boolean outbound,
                          Packet frame, long timestampNanos) {
    /** {@code host/device}, e.g. {@code node-a/eth0} or {@code default/client/eth0}. */
    public String interfaceName() {
        return host + "/" + device;
    }
}
