package io.kdp.cluster.capture;

import io.kdp.packet.pcap.LinkType;

/**
 * An emulated interface that frames of a capture crossed; one pcapng Interface Description Block.
 *
 * @param name {@code host/device}, e.g. {@code node-a/eth0}, {@code default/client/eth0}, {@code underlay/port1}
 * @param linkType {@link LinkType#ETHERNET}, or {@link LinkType#RAW} for devices without a link layer
 * @param description the device kind ({@code veth}, {@code bridge}...), or null
 */
public record CaptureInterface(String name, LinkType linkType, String description) {
    /** The name as a file name: {@code node-a_eth0}, {@code default_client_eth0}. */
    public String fileStem() {
        return name.replace('/', '_');
    }
}
