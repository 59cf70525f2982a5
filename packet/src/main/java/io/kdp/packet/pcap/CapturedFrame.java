package io.kdp.packet.pcap;

import java.util.Arrays;
import java.util.Objects;

/**
 * One frame read from a capture file.
 *
 * @param interfaceId pcapng interface index within its section; 0 for classic pcap
 * @param interfaceName pcapng {@code if_name}, or null when absent (always for classic pcap)
 * @param linkType the link type of the frame's interface (or file)
 * @param timestampNanos capture time in nanoseconds since the Unix epoch
 * @param data the captured bytes
 * @param comment the pcapng {@code opt_comment} (several joined by newlines), or null
 */
public record CapturedFrame(int interfaceId, String interfaceName, LinkType linkType, long timestampNanos, byte[] data, String comment) {
    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedFrame f && interfaceId == f.interfaceId && timestampNanos == f.timestampNanos
                && linkType == f.linkType && Objects.equals(interfaceName, f.interfaceName)
                && Arrays.equals(data, f.data) && Objects.equals(comment, f.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interfaceId, interfaceName, linkType, timestampNanos, Arrays.hashCode(data), comment);
    }

    @Override
    public String toString() {
        return "CapturedFrame[if=" + interfaceId + " " + interfaceName + " " + linkType + " t=" + timestampNanos
                + "ns " + data.length + " bytes" + (comment == null ? "" : " '" + comment + "'") + "]";
    }
}
