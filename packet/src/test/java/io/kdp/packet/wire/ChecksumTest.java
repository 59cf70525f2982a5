package io.kdp.packet.wire;

import static io.kdp.packet.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.packet.Hex;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.pcap.LinkType;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to 0x2ddf0, folded 0xddf2; checksum 0x220d.
        byte[] b = bytes("0001f203f4f5f6f7");
        assertThat(Checksum.finish(Checksum.sum(b, 0, b.length, 0))).isEqualTo(0x220d);
        assertThat(Checksum.internet(b, 0, b.length)).isEqualTo(0x220d);
    }

    @Test
    void oddLengthPadsWithZero() {
        assertThat(Checksum.internet(bytes("0001f203f4"), 0, 5)).isEqualTo(Checksum.internet(bytes("0001f203f400"), 0, 6));
    }

    @Test
    void ipv4HeaderChecksumIgnoresTheStoredField() {
        byte[] h = bytes("4500 0028 1c46 4000 4006 ffff 0af40105 0a60000a");
        assertThat(Checksum.ipv4Header(h, 0, 20)).isEqualTo(0x0828); // independent Python value
        h[10] = 0x08;
        h[11] = 0x28;
        assertThat(Checksum.internet(h, 0, 20)).isZero();
    }

    @Test
    void udpSendsAComputedZeroAs0xffff() {
        int src = Ip4.parse("10.0.0.1"), dst = Ip4.parse("10.0.0.2");
        // Find the payload word that makes the checksum come out as 0: the checksum over a zero payload.
        byte[] probe = PacketCodec.encode(udpWith(src, dst, new byte[2]));
        int c = Checksum.transport(src, dst, IpProtocol.UDP, zeroChecksum(probe), 20, 10);
        byte[] payload = {(byte) (c >>> 8), (byte) c};
        byte[] wire = PacketCodec.encode(udpWith(src, dst, payload));
        assertThat(Checksum.transport(src, dst, IpProtocol.UDP, zeroChecksum(wire), 20, 10)).isZero();
        assertThat(Hex.of(wire).substring(52, 56)).isEqualTo("ffff");
        assertThat(Checksum.udp(src, dst, zeroChecksum(wire), 20, 10)).isEqualTo(0xffff);
        assertThat(PacketCodec.checksumsValid(wire, LinkType.RAW)).isTrue();
    }

    private static Packet udpWith(int src, int dst, byte[] payload) {
        return new Packet(null, Ipv4Header.of(IpProtocol.UDP, src, dst, 7), new UdpHeader(1000, 2000), new Payload.Data(payload));
    }

    private static byte[] zeroChecksum(byte[] ipUdp) {
        byte[] copy = ipUdp.clone();
        copy[26] = 0;
        copy[27] = 0;
        return copy;
    }
}
