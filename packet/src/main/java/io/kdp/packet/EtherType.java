package io.kdp.packet;

/** Ethernet type codes (IEEE 802.3). */
public final class EtherType {
    private EtherType() {}

    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int IPV6 = 0x86dd;
}
