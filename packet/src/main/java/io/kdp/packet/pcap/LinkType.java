package io.kdp.packet.pcap;

/**
 * The link-layer header type of a capture (tcpdump.org LINKTYPE_* values), shared by pcap and pcapng.
 * {@link #ETHERNET} frames start with an Ethernet II header; {@link #RAW} frames start directly with
 * the IPv4 header (what tcpdump shows on tunl0, TUN devices such as flannel0, and WireGuard);
 * {@link #LINUX_SLL} is the 16-byte "Linux cooked" header {@code tcpdump -i any} writes, read-only here.
 */
public enum LinkType {
    ETHERNET(1),
    RAW(101),
    LINUX_SLL(113);

    private final int code;

    LinkType(int code) {
        this.code = code;
    }

    /** The LINKTYPE_ number written in pcap global headers and pcapng interface blocks. */
    public int code() {
        return code;
    }

    /** The link type for a LINKTYPE_ number. */
    public static LinkType of(int code) {
        for (LinkType t : values()) {
            if (t.code == code) return t;
        }
        throw new IllegalArgumentException("unsupported link type " + code + " (supported: 1 ETHERNET, 101 RAW, 113 LINUX_SLL)");
    }
}
