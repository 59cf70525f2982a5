package io.kdp.packet;

/**
 * An IPv4 header without options (IHL 5). Total length and header checksum are not stored: they are
 * derived from the payload when the packet is encoded, so they can never be wrong.
 *
 * @param tos the DSCP/ECN byte
 * @param id the identification field
 * @param dontFragment the DF flag
 * @param ttl time to live
 * @param protocol the IANA protocol number ({@link IpProtocol})
 * @param src source address as an int
 * @param dst destination address as an int
 */
public record Ipv4Header(int tos, int id, boolean dontFragment, int ttl, int protocol, int src, int dst) {
    public static final int LENGTH = 20;
    /** Linux's default TTL (net.ipv4.ip_default_ttl). */
    public static final int DEFAULT_TTL = 64;

    public Ipv4Header {
        if (ttl < 0 || ttl > 255) throw new IllegalArgumentException("ttl " + ttl);
        if (protocol < 0 || protocol > 255) throw new IllegalArgumentException("protocol " + protocol);
        if (id < 0 || id > 0xffff) throw new IllegalArgumentException("id " + id);
    }

    /** A header as Linux sends it for a new TCP/UDP flow: DF set, TTL 64. */
    public static Ipv4Header of(int protocol, int src, int dst, int id) {
        return new Ipv4Header(0, id, true, DEFAULT_TTL, protocol, src, dst);
    }

    public Ipv4Header withSrc(int s) {
        return new Ipv4Header(tos, id, dontFragment, ttl, protocol, s, dst);
    }

    public Ipv4Header withDst(int d) {
        return new Ipv4Header(tos, id, dontFragment, ttl, protocol, src, d);
    }

    public Ipv4Header withTtl(int t) {
        return new Ipv4Header(tos, id, dontFragment, t, protocol, src, dst);
    }

    public Ipv4Header withProtocol(int p) {
        return new Ipv4Header(tos, id, dontFragment, ttl, p, src, dst);
    }
}
