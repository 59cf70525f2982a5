package io.kdp.cluster.capture;

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
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkFramingTest {
    static final Packet IP = new Packet(null, Ipv4Header.of(IpProtocol.UDP, Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"), 1),
            new UdpHeader(1000, 2000), Payload.Data.ascii("x"));
    static final EthernetHeader ETH = new EthernetHeader(MacAddress.parse("02:00:00:00:00:02"), MacAddress.parse("02:00:00:00:00:01"), EtherType.IPV4);

    @Test
    void ipFramesOnEthernetGetTheLoopbackStyleZeroHeader() {
        assertThat(LinkFraming.fit(IP, LinkType.ETHERNET).ethernet()).isEqualTo(new EthernetHeader(MacAddress.ZERO, MacAddress.ZERO, EtherType.IPV4));
        assertThat(LinkFraming.fit(IP.withEthernet(ETH), LinkType.ETHERNET).ethernet()).isEqualTo(ETH);
    }

    @Test
    void ethernetFramesOnRawLoseTheirHeader() {
        assertThat(LinkFraming.fit(IP.withEthernet(ETH), LinkType.RAW)).isEqualTo(IP);
        assertThat(LinkFraming.fit(IP, LinkType.RAW)).isEqualTo(IP);
    }

    @Test
    void aSingleClassicFileIsEthernetUnlessEveryInterfaceIsIpLevel() {
        var eth = new CaptureInterface("node-a/eth0", LinkType.ETHERNET, null);
        var tunl = new CaptureInterface("node-a/tunl0", LinkType.RAW, null);
        assertThat(PcapExport.linkTypeFor(List.of(eth, tunl))).isEqualTo(LinkType.ETHERNET);
        assertThat(PcapExport.linkTypeFor(List.of(tunl))).isEqualTo(LinkType.RAW);
        assertThat(PcapExport.linkTypeFor(List.of())).isEqualTo(LinkType.ETHERNET);
    }
}
