package io.kdp.packet;

/** A Geneve header (RFC 8926) without options, carrying an Ethernet frame (protocol type 0x6558). */
public record GeneveHeader(int vni, int protocolType) implements TunnelHeader {
    public static final int LENGTH = 8;
    public static final int PORT = 6081;
    public static final int TRANSPARENT_ETHERNET = 0x6558;

    public GeneveHeader {
        if (vni < 0 || vni > 0xffffff) throw new IllegalArgumentException("VNI " + vni + " is not 24 bits");
    }

    public static GeneveHeader of(int vni) {
        return new GeneveHeader(vni, TRANSPARENT_ETHERNET);
    }

    @Override
    public int length() {
        return LENGTH;
    }
}
