package io.kdp.packet.wire;

import static io.kdp.packet.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.packet.Hex;
import io.kdp.packet.Packet;
import io.kdp.packet.SamplePackets;
import io.kdp.packet.pcap.LinkType;
import org.junit.jupiter.api.Test;

/**
 * Exact wire bytes. The expected hex was produced by an independent Python implementation
 * (struct.pack plus its own RFC 1071 checksum), not by this codec.
 */
class PacketCodecBytesTest {
    static final String SYN = "0a580af40101 0a580af40105 0800"
            + " 4500 0028 1c46 4000 4006 0828 0af40105 0a60000a"
            + " a028 0050 12345678 00000000 5002 faf0 956a 0000";
    static final String UDP_IP = "4500 001f 0001 4000 4011 246b 0af40105 0a60000a"
            + " cf08 829a 000b bc6d 6b6470";
    static final String UDP = "0a580af40101 0a580af40105 0800 " + UDP_IP;
    static final String ECHO = "0a580af40101 0a580af40105 0800"
            + " 4500 0024 2a2a 4000 4001 f7bb 0af40105 0af40207"
            + " 0800 6627 0042 0001 6162636465666768";
    static final String UNREACH = "0a580af40105 0a580af40101 0800"
            + " 45c0 003b 5a5a 0000 4001 0946 0a60000a 0af40105"
            + " 0303 137c 00000000 " + UDP_IP;
    static final String VXLAN = "02000000000b 02000000000a 0800"
            + " 4500 005a 0100 0000 4011 f62d c0a8010a c0a8010b"
            + " b080 12b5 0046 91a5"
            + " 08000000 00000100 " + SYN;
    static final String IPIP = "4500 003c 0200 0000 4004 f558 c0a8010a c0a8010b"
            + " 4500 0028 1c46 4000 4006 0828 0af40105 0a60000a"
            + " a028 0050 12345678 00000000 5002 faf0 956a 0000";

    @Test
    void tcpSyn() {
        assertEncodesTo(SamplePackets.tcpSyn(), SYN, LinkType.ETHERNET);
    }

    @Test
    void udpWithOddPayload() {
        assertEncodesTo(SamplePackets.udp(), UDP, LinkType.ETHERNET);
    }

    @Test
    void icmpEchoRequest() {
        assertEncodesTo(SamplePackets.icmpEcho(), ECHO, LinkType.ETHERNET);
    }

    @Test
    void icmpPortUnreachableQuotesTheUdpPacket() {
        assertEncodesTo(SamplePackets.portUnreachable(), UNREACH, LinkType.ETHERNET);
    }

    @Test
    void vxlanFrameWithFlowHashedSourcePort() {
        int sport = PacketCodec.vxlanSourcePort(SamplePackets.tcpSyn(), 0, 0);
        assertThat(sport).isEqualTo(0xb080); // 45184, from the independent Python jhash
        assertEncodesTo(SamplePackets.vxlan(4789, sport), VXLAN, LinkType.ETHERNET);
    }

    @Test
    void ipInIp() {
        assertEncodesTo(SamplePackets.ipip(), IPIP, LinkType.RAW);
    }

    private static void assertEncodesTo(Packet p, String hex, LinkType linkType) {
        byte[] wire = PacketCodec.encode(p);
        assertThat(Hex.of(wire)).isEqualTo(Hex.of(bytes(hex)));
        assertThat(wire).hasSize(p.frameLength());
        assertThat(PacketCodec.decode(wire, linkType)).isEqualTo(p);
        assertThat(PacketCodec.checksumProblems(wire, linkType)).isEmpty();
    }
}
