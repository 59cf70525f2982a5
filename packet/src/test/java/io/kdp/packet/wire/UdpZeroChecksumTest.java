package io.kdp.packet.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.pcap.LinkType;
import org.junit.jupiter.api.Test;

/** UDP sent without a checksum (RFC 768 checksum 0), as a VXLAN device with noudpcsum sends it. */
class UdpZeroChecksumTest {
    static Packet packet(UdpHeader u) {
        return new Packet(new EthernetHeader(MacAddress.parse("02:00:00:00:00:02"), MacAddress.parse("02:00:00:00:00:01"), EtherType.IPV4),
                new Ipv4Header(0, 5, false, 64, IpProtocol.UDP, Ip4.parse("192.168.49.2"), Ip4.parse("192.168.49.3")), u, Payload.Data.ascii("hello"));
    }

    @Test
    void zeroChecksumIsSentAsZeroAndDecodedBack() {
        Packet p = packet(UdpHeader.withoutChecksum(40000, 8472));
        byte[] wire = PacketCodec.encode(p);
        assertThat(wire[40]).isZero();
        assertThat(wire[41]).isZero();
        assertThat(PacketCodec.checksumsValid(wire, LinkType.ETHERNET)).isTrue();
        assertThat(PacketCodec.decode(wire, LinkType.ETHERNET)).isEqualTo(p);
    }

    @Test
    void defaultHeaderStillComputesTheChecksumAndKeepsTheFlagThroughPortRewrites() {
        Packet p = packet(new UdpHeader(40000, 8472));
        byte[] wire = PacketCodec.encode(p);
        assertThat(((wire[40] & 0xff) << 8) | (wire[41] & 0xff)).isNotZero();
        assertThat(PacketCodec.decode(wire, LinkType.ETHERNET).udp().zeroChecksum()).isFalse();
        assertThat(UdpHeader.withoutChecksum(1, 2).withPorts(3, 4)).isEqualTo(new UdpHeader(3, 4, true));
        assertThat(new UdpHeader(1, 2)).isEqualTo(new UdpHeader(1, 2, false));
    }
}
