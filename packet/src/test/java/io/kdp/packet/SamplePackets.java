package io.kdp.packet;

/**
 * Packets shared by the wire and capture tests. Their encodings were computed independently (a
 * separate Python struct/checksum script) and are pasted as hex in the tests.
 */
public final class SamplePackets {
    private SamplePackets() {}

    public static final MacAddress POD_A = MacAddress.parse("0a:58:0a:f4:01:05");
    public static final MacAddress GATEWAY = MacAddress.parse("0a:58:0a:f4:01:01");
    public static final MacAddress NODE_A = MacAddress.parse("02:00:00:00:00:0a");
    public static final MacAddress NODE_B = MacAddress.parse("02:00:00:00:00:0b");
    public static final int POD_IP = Ip4.parse("10.244.1.5"), SERVICE_IP = Ip4.parse("10.96.0.10"), POD_B_IP = Ip4.parse("10.244.2.7");
    public static final int NODE_A_IP = Ip4.parse("192.168.1.10"), NODE_B_IP = Ip4.parse("192.168.1.11");

    public static EthernetHeader ether(MacAddress dst, MacAddress src) {
        return new EthernetHeader(dst, src, EtherType.IPV4);
    }

    /** 10.244.1.5:41000 > 10.96.0.10:80 SYN, seq 0x12345678, window 64240, IP id 0x1c46, DF. */
    public static Packet tcpSyn() {
        return new Packet(ether(GATEWAY, POD_A), Ipv4Header.of(IpProtocol.TCP, POD_IP, SERVICE_IP, 0x1c46),
                new TcpHeader(41000, 80, 0x12345678L, 0, TcpHeader.SYN, TcpHeader.DEFAULT_WINDOW), null);
    }

    /** The SYN's answer: 10.96.0.10:80 > 10.244.1.5:41000 SYN-ACK. */
    public static Packet tcpSynAck() {
        return new Packet(ether(POD_A, GATEWAY), Ipv4Header.of(IpProtocol.TCP, SERVICE_IP, POD_IP, 0),
                new TcpHeader(80, 41000, 0x0badcafeL, 0x12345679L, TcpHeader.SYN | TcpHeader.ACK, 65160), null);
    }

    /** 10.244.1.5:53000 > 10.96.0.10:33434 (a traceroute port, no Wireshark dissector) carrying "kdp" (odd length), IP id 1, DF. */
    public static Packet udp() {
        return new Packet(ether(GATEWAY, POD_A), Ipv4Header.of(IpProtocol.UDP, POD_IP, SERVICE_IP, 1),
                new UdpHeader(53000, 33434), Payload.Data.ascii("kdp"));
    }

    /** Echo request 10.244.1.5 > 10.244.2.7 id 0x42 seq 1, "abcdefgh". */
    public static Packet icmpEcho() {
        return new Packet(ether(GATEWAY, POD_A), new Ipv4Header(0, 0x2a2a, true, 64, IpProtocol.ICMP, POD_IP, POD_B_IP),
                IcmpHeader.echoRequest(0x42, 1), Payload.Data.ascii("abcdefgh"));
    }

    /** Port unreachable from 10.96.0.10 quoting {@link #udp()} (without its Ethernet header); TOS 0xc0 as Linux sends errors. */
    public static Packet portUnreachable() {
        return new Packet(ether(POD_A, GATEWAY), new Ipv4Header(0xc0, 0x5a5a, false, 64, IpProtocol.ICMP, SERVICE_IP, POD_IP),
                new IcmpHeader(IcmpHeader.DEST_UNREACHABLE, IcmpHeader.PORT_UNREACHABLE, 0),
                new Payload.IcmpQuote(udp().withEthernet(null)));
    }

    /** {@link #tcpSyn()} in VXLAN VNI 1 from node A to node B on {@code port}, outer source port {@code sport}. */
    public static Packet vxlan(int port, int sport) {
        return new Packet(ether(NODE_B, NODE_A), new Ipv4Header(0, 0x0100, false, 64, IpProtocol.UDP, NODE_A_IP, NODE_B_IP),
                new UdpHeader(sport, port), new Payload.Tunnel(VxlanHeader.of(1), tcpSyn()));
    }

    /** {@link #udp()} in Geneve VNI 0x123456 from node A to node B. */
    public static Packet geneve() {
        return new Packet(ether(NODE_B, NODE_A), new Ipv4Header(0, 0x0300, false, 64, IpProtocol.UDP, NODE_A_IP, NODE_B_IP),
                new UdpHeader(51000, GeneveHeader.PORT), new Payload.Tunnel(GeneveHeader.of(0x123456), udp()));
    }

    /** {@link #tcpSyn()} without Ethernet inside IP-in-IP (protocol 4) from node A to node B, as on tunl0. */
    public static Packet ipip() {
        return new Packet(null, new Ipv4Header(0, 0x0200, false, 64, IpProtocol.IPIP, NODE_A_IP, NODE_B_IP), null,
                new Payload.Tunnel(null, tcpSyn().withEthernet(null)));
    }
}
