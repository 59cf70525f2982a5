package io.kdp.packet;

/** An Ethernet II header: 14 bytes on the wire (no VLAN tag, no FCS, as captures show it). */
public record EthernetHeader(MacAddress dst, MacAddress src, int etherType) {
    public static final int LENGTH = 14;

    public EthernetHeader withDst(MacAddress d) {
        return new EthernetHeader(d, src, etherType);
    }

    public EthernetHeader withSrc(MacAddress s) {
        return new EthernetHeader(dst, s, etherType);
    }
}
