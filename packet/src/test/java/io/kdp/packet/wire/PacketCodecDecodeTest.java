package io.kdp.packet.wire;

import static io.kdp.packet.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.packet.GeneveHeader;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.SamplePackets;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.VxlanHeader;
import io.kdp.packet.pcap.LinkType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketCodecDecodeTest {
    /**
     * A SYN as Linux sends it (MSS, SACK permitted, timestamps, window scale: data offset 10) in an IPv4
     * header with a router-alert option (IHL 6), followed by 4 bytes of Ethernet trailer padding.
     * Built by the independent Python script.
     */
    static final String SYN_WITH_OPTIONS = "0a580af40101 0a580af40105 0800"
            + " 4600 0040 1c46 4000 4006 730b 0af40105 0a60000a 94040000"
            + " a028 0050 12345678 00000000 a002 faf0 4b46 0000"
            + " 020405b4 0402 080a 0001e240 00000000 01 030307"
            + " 00000000";

    @Test
    void skipsIpAndTcpOptionsAndTrailingPadding() {
        byte[] wire = bytes(SYN_WITH_OPTIONS);
        assertThat(PacketCodec.decode(wire, LinkType.ETHERNET)).isEqualTo(SamplePackets.tcpSyn());
        assertThat(PacketCodec.checksumProblems(wire, LinkType.ETHERNET)).isEmpty();
    }

    @Test
    void reportsEachWrongChecksumWithItsOffset() {
        byte[] wire = PacketCodec.encode(SamplePackets.tcpSyn());
        wire[22] = 0x3f; // TTL 64 -> 63: IPv4 header checksum now wrong by 0x100
        wire[49] = (byte) 0xf1; // window 0xfaf0 -> 0xfaf1: TCP checksum now wrong by 1
        assertThat(PacketCodec.checksumProblems(wire, LinkType.ETHERNET)).containsExactly(
                "IPv4 header checksum 0x0828 should be 0x0928 at byte offset 24",
                "TCP checksum 0x956a should be 0x9569 at byte offset 50");
        assertThat(PacketCodec.checksumsValid(wire, LinkType.ETHERNET)).isFalse();
    }

    @Test
    void verifiesChecksumsInsideTunnels() {
        byte[] wire = PacketCodec.encode(SamplePackets.vxlan(4789, 40000));
        wire[50 + 49] ^= 1; // the inner SYN's window
        assertThat(PacketCodec.checksumProblems(wire, LinkType.ETHERNET)).containsExactly(
                "UDP checksum 0x" + Integer.toHexString(u16(wire, 40)) + " should be 0x" + Integer.toHexString(u16(wire, 40) - 1) + " at byte offset 40",
                "TCP checksum 0x956a should be 0x9569 at byte offset 100");
    }

    @Test
    void udpChecksumZeroMeansNoneAsLinuxVxlanSendsIt() {
        byte[] wire = PacketCodec.encode(SamplePackets.vxlan(8472, 40000));
        wire[40] = 0;
        wire[41] = 0;
        assertThat(PacketCodec.checksumsValid(wire, LinkType.ETHERNET)).isTrue();
        io.kdp.packet.Packet sample = SamplePackets.vxlan(8472, 40000);
        // The 0 is kept as "no checksum" so that re-encoding gives the same bytes.
        io.kdp.packet.Packet decoded = PacketCodec.decode(wire, LinkType.ETHERNET);
        assertThat(decoded).isEqualTo(sample.withTransport(io.kdp.packet.UdpHeader.withoutChecksum(sample.srcPort(), sample.dstPort())));
        assertThat(PacketCodec.encode(decoded)).isEqualTo(wire);
    }

    @Test
    void vxlanPortWithoutTheIFlagIsPlainData() {
        byte[] wire = PacketCodec.encode(SamplePackets.vxlan(4789, 40000));
        wire[42] = 0; // flags byte
        Packet p = PacketCodec.decode(wire, LinkType.ETHERNET);
        assertThat(p.payload()).isEqualTo(new Payload.Data(Arrays.copyOfRange(wire, 42, wire.length)));
    }

    @Test
    void geneveOptionsAreSkipped() {
        byte[] plain = PacketCodec.encode(SamplePackets.geneve());
        // Insert one 4-byte option after the 8-byte Geneve header (Opt Len 1), fixing lengths; checksum not rechecked.
        byte[] wire = new byte[plain.length + 4];
        System.arraycopy(plain, 0, wire, 0, 50);
        System.arraycopy(bytes("01020300"), 0, wire, 50, 4);
        System.arraycopy(plain, 50, wire, 54, plain.length - 50);
        wire[42] = 0x01;
        put16(wire, 16, u16(plain, 16) + 4);
        put16(wire, 38, u16(plain, 38) + 4);
        Packet p = PacketCodec.decode(wire, LinkType.ETHERNET);
        assertThat(p.payload()).isEqualTo(new Payload.Tunnel(GeneveHeader.of(0x123456), SamplePackets.udp()));
    }

    @Test
    void truncatedQuoteKeepsWhatIsThere() {
        Packet big = new Packet(null, Ipv4Header.of(IpProtocol.TCP, SamplePackets.POD_IP, SamplePackets.SERVICE_IP, 9),
                new TcpHeader(41000, 80, 1, 1, TcpHeader.ACK | TcpHeader.PSH, 502), new Payload.Data(filled(1400)));
        Packet fragNeeded = new Packet(null, new Ipv4Header(0xc0, 1, false, 64, IpProtocol.ICMP, SamplePackets.NODE_B_IP, SamplePackets.POD_IP),
                new IcmpHeader(IcmpHeader.DEST_UNREACHABLE, IcmpHeader.FRAG_NEEDED, 1450), new Payload.IcmpQuote(big));
        byte[] wire = PacketCodec.encode(fragNeeded);
        assertThat(wire).hasSize(576);
        Packet decoded = PacketCodec.decode(wire, LinkType.RAW);
        Packet quoted = ((Payload.IcmpQuote) decoded.payload()).original();
        assertThat(quoted.ipv4()).isEqualTo(big.ipv4());
        assertThat(quoted.transport()).isEqualTo(big.transport());
        assertThat(quoted.payload()).isEqualTo(new Payload.Data(Arrays.copyOf(filled(1400), 576 - 28 - 40)));
        assertThat(PacketCodec.checksumsValid(wire, LinkType.RAW)).isTrue();
    }

    @Test
    void quoteShorterThanTheTransportHeaderKeepsBytes() {
        byte[] original = PacketCodec.encode(SamplePackets.tcpSyn().withEthernet(null));
        Packet error = new Packet(null, new Ipv4Header(0xc0, 1, false, 64, IpProtocol.ICMP, SamplePackets.SERVICE_IP, SamplePackets.POD_IP),
                new IcmpHeader(IcmpHeader.TIME_EXCEEDED, 0, 0), new Payload.Data(Arrays.copyOf(original, 28)));
        Packet decoded = PacketCodec.decode(PacketCodec.encode(error), LinkType.RAW);
        assertThat(decoded.payload()).isEqualTo(new Payload.IcmpQuote(new Packet(null, SamplePackets.tcpSyn().ipv4(), null,
                new Payload.Data(Arrays.copyOfRange(original, 20, 28)))));
    }

    @Test
    void linuxCookedCapture() {
        byte[] ip = PacketCodec.encode(SamplePackets.udp().withEthernet(null));
        byte[] sll = new byte[16 + ip.length];
        System.arraycopy(bytes("0000 0001 0006 0a580af40105 0000 0800"), 0, sll, 0, 16);
        System.arraycopy(ip, 0, sll, 16, ip.length);
        assertThat(PacketCodec.decode(sll, LinkType.LINUX_SLL)).isEqualTo(SamplePackets.udp().withEthernet(null));
    }

    @Test
    void errorsNameWhatAndWhere() {
        byte[] syn = PacketCodec.encode(SamplePackets.tcpSyn());
        assertError(with(syn, 12, "0806"), LinkType.ETHERNET, "unsupported ethertype 0x0806 at byte offset 12");
        assertError(with(syn, 12, "86dd"), LinkType.ETHERNET, "unsupported ethertype 0x86dd at byte offset 12");
        assertError(with(syn, 23, "2f"), LinkType.ETHERNET, "unsupported IP protocol 47 at byte offset 23");
        assertError(with(syn, 23, "84"), LinkType.ETHERNET, "unsupported IP protocol 132 (sctp) at byte offset 23");
        assertError(Arrays.copyOf(syn, 40), LinkType.ETHERNET, "IPv4 total length 40 exceeds the 26 bytes present at byte offset 16");
        assertError(Arrays.copyOf(syn, 10), LinkType.ETHERNET, "Ethernet header needs 14 bytes but only 10 remain at byte offset 0");
        assertError(with(syn, 14, "60"), LinkType.ETHERNET, "IP version 6 is not 4 at byte offset 14");
        assertError(with(syn, 14, "44"), LinkType.ETHERNET, "IPv4 header length 16 is below 20 at byte offset 14");
        assertError(with(syn, 20, "2000"), LinkType.ETHERNET, "IPv4 fragments are not supported (MF or fragment offset set) at byte offset 20");
        assertError(with(syn, 46, "40"), LinkType.ETHERNET, "TCP data offset 16 is below 20 at byte offset 46");
        assertError(with(syn, 46, "f0"), LinkType.ETHERNET, "TCP header with options needs 60 bytes but only 20 remain at byte offset 34");
        byte[] udp = PacketCodec.encode(SamplePackets.udp());
        assertError(with(udp, 38, "0040"), LinkType.ETHERNET, "UDP length 64 does not fit the 11 bytes of the IPv4 payload at byte offset 38");
        byte[] vxlan = PacketCodec.encode(SamplePackets.vxlan(4789, 40000));
        assertError(with(vxlan, 62, "0806"), LinkType.ETHERNET, "unsupported ethertype 0x0806 at byte offset 62");
    }

    @Test
    void encodeRejectsInconsistentHeaders() {
        Packet wrongProto = SamplePackets.tcpSyn().withIpv4(SamplePackets.tcpSyn().ipv4().withProtocol(IpProtocol.UDP));
        assertThatThrownBy(() -> PacketCodec.encode(wrongProto)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IPv4 protocol 17 does not match transport header TcpHeader");
        Packet noTransport = SamplePackets.tcpSyn().withTransport(null);
        assertThatThrownBy(() -> PacketCodec.encode(noTransport)).hasMessage("IPv4 protocol 6 does not match transport header (none)");
        Packet badType = SamplePackets.udp().withEthernet(new io.kdp.packet.EthernetHeader(SamplePackets.GATEWAY, SamplePackets.POD_A, 0x0806));
        assertThatThrownBy(() -> PacketCodec.encode(badType)).hasMessage("Ethernet type 0x0806 does not match the IPv4 packet it carries");
    }

    @Test
    void vxlanOn8472AndFlannelUdpDecode() {
        Packet v = SamplePackets.vxlan(VxlanHeader.LINUX_DEFAULT_PORT, 33000);
        assertThat(PacketCodec.decode(PacketCodec.encode(v), LinkType.ETHERNET)).isEqualTo(v);
        Packet flannel = new Packet(SamplePackets.vxlan(4789, 1).ethernet(), SamplePackets.vxlan(4789, 1).ipv4(), new UdpHeader(8285, 8285),
                new Payload.Tunnel(null, SamplePackets.icmpEcho().withEthernet(null)));
        assertThat(PacketCodec.decode(PacketCodec.encode(flannel), LinkType.ETHERNET)).isEqualTo(flannel);
    }

    private static void assertError(byte[] wire, LinkType lt, String message) {
        assertThatThrownBy(() -> PacketCodec.decode(wire, lt)).isInstanceOf(DecodeException.class).hasMessage(message);
    }

    private static byte[] with(byte[] wire, int offset, String hex) {
        byte[] copy = wire.clone();
        byte[] b = bytes(hex);
        System.arraycopy(b, 0, copy, offset, b.length);
        return copy;
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) i;
        return b;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
