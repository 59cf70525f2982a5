package io.kdp.cluster.capture;

import io.kdp.packet.Packet;
import io.kdp.packet.pcap.LinkType;

/**
 * One captured frame of a traced conversation: a frame as {@code tcpdump -i DEV} would see it on one
 * emulated interface, tied to the trace step that sent or received it there.
 *
 * @param step the step's number as the text output of {@code kdp trace} prints it
 * @param packetIndex which packet of the conversation, from 1
 * @param packetLabel what it is in the conversation ({@code SYN}, {@code request}, ...)
 * @param iface the interface it was seen on
 * @param outbound true for tx, false for rx
 * @param timestampNanos virtual time, nanoseconds since the epoch
 * @param frame the frame; its Ethernet header is present exactly when the interface is {@link LinkType#ETHERNET}
 * @param comment the pcapng packet comment, e.g.
 *     {@code step 31 node-a tx eth0 (after nat:KUBE-SEP-UIQK3OSOSTRHRPBX DNAT 10.96.0.10:80 -> 10.244.1.2:8080)}
 */
public record TraceFrame(int step, int packetIndex, String packetLabel, CaptureInterface iface, boolean outbound, long timestampNanos,
                         Packet frame, String comment) {}
