package io.kdp.packet;

/** A tunnel header that sits between an outer UDP header and an inner Ethernet frame. */
public sealed interface TunnelHeader permits VxlanHeader, GeneveHeader {
    /** Length on the wire in bytes. */
    int length();

    /** The 24-bit virtual network identifier. */
    int vni();
}
