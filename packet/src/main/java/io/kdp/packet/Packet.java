package io.kdp.packet;

/**
 * An immutable IPv4 packet with its header stack: an optional Ethernet header (absent on IP-level
 * devices such as tunl0 and TUN, and for the inner packet of IP-in-IP), the IPv4 header, an optional
 * transport header (absent when the IPv4 protocol is IP-in-IP), and a payload that may itself hold
 * an encapsulated packet. NAT and forwarding produce new packets through the {@code with*} methods.
 *
 * <p>The accessors {@link #src()}, {@link #dst()}, {@link #protocol()}, {@link #srcPort()} and
 * {@link #dstPort()} return primitives for the per-packet path.
 */
public record Packet(EthernetHeader ethernet, Ipv4Header ipv4, Transport transport, Payload payload) {
    public Packet {
        if (ipv4 == null) throw new IllegalArgumentException("a packet needs an IPv4 header");
        if (payload == null) payload = Payload.Data.EMPTY;
    }


    public int src() {
        return ipv4.src();
    }

    public int dst() {
        return ipv4.dst();
    }

    public int protocol() {
        return ipv4.protocol();
    }

    public int srcPort() {
        return transport == null ? 0 : transport.srcPort();
    }

    public int dstPort() {
        return transport == null ? 0 : transport.dstPort();
    }

    public TcpHeader tcp() {
        return transport instanceof TcpHeader t ? t : null;
    }

    public UdpHeader udp() {
        return transport instanceof UdpHeader u ? u : null;
    }

    public IcmpHeader icmp() {
        return transport instanceof IcmpHeader i ? i : null;
    }

    /** The IPv4 total length field: header, transport header and payload. */
    public int ipTotalLength() {
        return Ipv4Header.LENGTH + (transport == null ? 0 : transport.headerLength()) + payload.length();
    }

    /** Bytes on the wire including the Ethernet header when present. */
    public int frameLength() {
        return (ethernet == null ? 0 : EthernetHeader.LENGTH) + ipTotalLength();
    }

    /** The packet inside a tunnel payload, or null. */
    public Packet inner() {
        return payload instanceof Payload.Tunnel t ? t.inner() : null;
    }

    public Packet withEthernet(EthernetHeader e) {
        return new Packet(e, ipv4, transport, payload);
    }

    public Packet withIpv4(Ipv4Header h) {
        return new Packet(ethernet, h, transport, payload);
    }

    public Packet withTransport(Transport t) {
        return new Packet(ethernet, ipv4, t, payload);
    }

    public Packet withPayload(Payload p) {
        return new Packet(ethernet, ipv4, transport, p);
    }

    /** Rewrites source address and port (SNAT); the port is ignored for protocols without ports. */
    public Packet withSource(int address, int port) {
        return new Packet(ethernet, ipv4.withSrc(address), withPort(transport, port, true), payload);
    }

    /** Rewrites destination address and port (DNAT); the port is ignored for protocols without ports. */
    public Packet withDestination(int address, int port) {
        return new Packet(ethernet, ipv4.withDst(address), withPort(transport, port, false), payload);
    }

    private static Transport withPort(Transport t, int port, boolean source) {
        if (t instanceof TcpHeader tcp) return source ? tcp.withPorts(port, tcp.dstPort()) : tcp.withPorts(tcp.srcPort(), port);
        if (t instanceof UdpHeader udp) return source ? udp.withPorts(port, udp.dstPort()) : udp.withPorts(udp.srcPort(), port);
        if (t instanceof IcmpHeader icmp && icmp.isEcho() && source) {
            return new IcmpHeader(icmp.type(), icmp.code(), (port << 16) | icmp.sequence());
        }
        return t;
    }

    /** A one-line tcpdump-like summary, e.g. {@code 10.244.1.5.41000 > 10.96.0.10.80: tcp [S]}. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(Ip4.format(src()));
        if (transport instanceof TcpHeader || transport instanceof UdpHeader) sb.append('.').append(srcPort());
        sb.append(" > ").append(Ip4.format(dst()));
        if (transport instanceof TcpHeader || transport instanceof UdpHeader) sb.append('.').append(dstPort());
        sb.append(": ");
        if (transport instanceof TcpHeader t) {
            sb.append("tcp ").append(t.flagString());
            if (payload.length() > 0) sb.append(" len ").append(payload.length());
        } else if (transport instanceof UdpHeader) {
            sb.append("udp len ").append(payload.length());
            if (payload instanceof Payload.Tunnel tun) sb.append(tunnelSummary(tun));
        } else if (transport instanceof IcmpHeader i) {
            sb.append("icmp type ").append(i.type()).append(" code ").append(i.code());
        } else {
            sb.append(IpProtocol.name(protocol()));
            if (payload instanceof Payload.Tunnel tun) sb.append(tunnelSummary(tun));
        }
        return sb.toString();
    }

    private static String tunnelSummary(Payload.Tunnel tun) {
        String h = tun.header() == null ? "" : (tun.header() instanceof VxlanHeader ? " vxlan vni " : " geneve vni ") + tun.header().vni();
        return h + " [" + tun.inner().summary() + "]";
    }
}
