package io.kdp.cluster.capture;

import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.pcap.LinkType;

/**
 * Fits a frame to the link type of the interface or file it is written to. An IP-level frame written
 * to an Ethernet capture gets the header Linux shows on {@code lo}: both addresses zero, type IPv4;
 * an Ethernet frame written to a RAW capture loses its Ethernet header.
 */
final class LinkFraming {
    /** The all-zero header tcpdump shows on the loopback device. */
    static final EthernetHeader ZERO_HEADER = new EthernetHeader(MacAddress.ZERO, MacAddress.ZERO, EtherType.IPV4);

    private LinkFraming() {}

    static Packet fit(Packet frame, LinkType linkType) {
        return switch (linkType) {
            case ETHERNET -> frame.ethernet() != null ? frame : frame.withEthernet(ZERO_HEADER);
            case RAW -> frame.ethernet() == null ? frame : frame.withEthernet(null);
            case LINUX_SLL -> throw new IllegalArgumentException("kdp writes only ETHERNET or RAW captures");
        };
    }
}
