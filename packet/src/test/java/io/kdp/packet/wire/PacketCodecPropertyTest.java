package io.kdp.packet.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.GeneveHeader;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.VxlanHeader;
import io.kdp.packet.pcap.LinkType;
import java.net.InetAddress;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;

/** decode(encode(p)) == p over every header combination, with checksums verified two ways. */
class PacketCodecPropertyTest {
    private static final Set<Integer> TUNNEL_PORTS = Set.of(VxlanHeader.IANA_PORT, VxlanHeader.LINUX_DEFAULT_PORT, GeneveHeader.PORT, FrameDecoder.FLANNEL_UDP_PORT);

    @Property(tries = 400)
    void roundTrips(@ForAll("packets") Packet p) {
        byte[] wire = PacketCodec.encode(p);
        LinkType lt = p.ethernet() == null ? LinkType.RAW : LinkType.ETHERNET;
        assertThat(wire).hasSize(p.frameLength());
        assertThat(PacketCodec.decode(wire, lt)).isEqualTo(p);
        assertThat(PacketCodec.checksumProblems(wire, lt)).isEmpty();
    }

    /** Pcap4J's own parser accepts the checksums our encoder (through Pcap4J's builders) wrote, and ours agree. */
    @Property(tries = 200)
    void pcap4jAndOwnChecksumsAgree(@ForAll("packets") Packet p) throws Exception {
        byte[] wire = PacketCodec.encode(p);
        int ipOff = p.ethernet() == null ? 0 : EthernetHeader.LENGTH;
        IpV4Packet ip = p.ethernet() == null ? IpV4Packet.newPacket(wire, 0, wire.length)
                : EthernetPacket.newPacket(wire, 0, wire.length).get(IpV4Packet.class);
        assertThat(ip.getHeader().hasValidChecksum(false)).isTrue();
        assertThat(ip.getHeader().getHeaderChecksum() & 0xffff).isEqualTo(Checksum.ipv4Header(wire, ipOff, 20));
        InetAddress src = ip.getHeader().getSrcAddr(), dst = ip.getHeader().getDstAddr();
        int l4 = ipOff + 20, len = p.ipTotalLength() - 20;
        if (p.transport() instanceof TcpHeader) {
            TcpPacket tcp = TcpPacket.newPacket(wire, l4, len);
            assertThat(tcp.hasValidChecksum(src, dst, false)).isTrue();
            assertThat(Checksum.transport(p.src(), p.dst(), IpProtocol.TCP, wire, l4, len)).isZero();
        } else if (p.transport() instanceof UdpHeader) {
            UdpPacket udp = UdpPacket.newPacket(wire, l4, len);
            assertThat(udp.hasValidChecksum(src, dst, false)).isTrue();
            assertThat(udp.getHeader().getChecksum()).isNotZero();
            assertThat(Checksum.transport(p.src(), p.dst(), IpProtocol.UDP, wire, l4, len)).isZero();
        } else if (p.transport() instanceof IcmpHeader) {
            assertThat(Checksum.internet(wire, l4, len)).isZero();
        }
    }

    @Property(tries = 200)
    void vxlanSourcePortIsInRangeAndSameForBothDirections(@ForAll("packets") Packet p) {
        int port = PacketCodec.vxlanSourcePort(p, 0, 0);
        assertThat(port).isBetween(UdpSourcePort.EPHEMERAL_MIN, UdpSourcePort.EPHEMERAL_MAX - 1);
        Packet reverse = p.withIpv4(p.ipv4().withSrc(p.dst()).withDst(p.src())).withTransport(swapPorts(p));
        assertThat(PacketCodec.vxlanSourcePort(reverse, 0, 0)).isEqualTo(port);
        assertThat(PacketCodec.vxlanSourcePort(p, 1000, 1010)).isBetween(1000, 1009);
    }

    private static io.kdp.packet.Transport swapPorts(Packet p) {
        if (p.transport() instanceof TcpHeader t) return t.withPorts(t.dstPort(), t.srcPort());
        if (p.transport() instanceof UdpHeader u) return u.withPorts(u.dstPort(), u.srcPort());
        return p.transport();
    }

    @Provide
    Arbitrary<Packet> packets() {
        return Arbitraries.oneOf(packet(2, true), packet(2, false));
    }

    private static Arbitrary<Packet> packet(int depth, boolean ethernet) {
        Arbitrary<EthernetHeader> eth = ethernet ? ethernet() : Arbitraries.just(null);
        var kinds = new java.util.ArrayList<Arbitrary<Packet>>();
        kinds.add(Combinators.combine(eth, ipv4(IpProtocol.TCP), tcp(), data()).as(Packet::new));
        kinds.add(Combinators.combine(eth, ipv4(IpProtocol.UDP), udp(), data()).as(Packet::new));
        kinds.add(Combinators.combine(eth, ipv4(IpProtocol.ICMP), icmpInformational(), data()).as(Packet::new));
        if (depth > 0) {
            Arbitrary<Payload> quote = packet(depth - 1, false).filter(o -> o.ipTotalLength() <= Payload.IcmpQuote.MAX_QUOTED).map(Payload.IcmpQuote::new);
            kinds.add(Combinators.combine(eth, ipv4(IpProtocol.ICMP), icmpError(), quote).as(Packet::new));
            Arbitrary<Payload> vxlan = Combinators.combine(Arbitraries.integers().between(0, 0xffffff), packet(depth - 1, true))
                    .as((vni, inner) -> new Payload.Tunnel(VxlanHeader.of(vni), inner));
            Arbitrary<UdpHeader> vxlanUdp = Combinators.combine(port(), Arbitraries.of(VxlanHeader.IANA_PORT, VxlanHeader.LINUX_DEFAULT_PORT)).as(UdpHeader::new);
            kinds.add(Combinators.combine(eth, ipv4(IpProtocol.UDP), vxlanUdp, vxlan).as(Packet::new));
            Arbitrary<Payload> geneve = Combinators.combine(Arbitraries.integers().between(0, 0xffffff), Arbitraries.of(true, false), packet(depth - 1, true))
                    .as((vni, overEthernet, inner) -> overEthernet
                            ? new Payload.Tunnel(GeneveHeader.of(vni), inner)
                            : new Payload.Tunnel(new GeneveHeader(vni, EtherType.IPV4), inner.withEthernet(null)));
            kinds.add(Combinators.combine(eth, ipv4(IpProtocol.UDP), port().map(s -> new UdpHeader(s, GeneveHeader.PORT)), geneve).as(Packet::new));
            Arbitrary<Payload> bare = packet(depth - 1, false).map(inner -> new Payload.Tunnel(null, inner));
            kinds.add(Combinators.combine(eth, ipv4(IpProtocol.UDP), port().map(s -> new UdpHeader(s, FrameDecoder.FLANNEL_UDP_PORT)), bare).as(Packet::new));
            kinds.add(Combinators.combine(eth, ipv4(IpProtocol.IPIP), bare).as((e, ip, t) -> new Packet(e, ip, null, t)));
        }
        return Arbitraries.oneOf(kinds);
    }

    private static Arbitrary<EthernetHeader> ethernet() {
        Arbitrary<MacAddress> mac = Arbitraries.longs().between(0, 0xffff_ffff_ffffL).map(MacAddress::new);
        return Combinators.combine(mac, mac).as((d, s) -> new EthernetHeader(d, s, EtherType.IPV4));
    }

    private static Arbitrary<Ipv4Header> ipv4(int protocol) {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 0xffff), Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 255), Arbitraries.integers(), Arbitraries.integers())
                .as((tos, id, df, ttl, src, dst) -> new Ipv4Header(tos, id, df, ttl, protocol, src, dst));
    }

    private static Arbitrary<Integer> port() {
        return Arbitraries.integers().between(0, 0xffff);
    }

    private static Arbitrary<TcpHeader> tcp() {
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xffff_ffffL);
        return Combinators.combine(port(), port(), u32, u32, Arbitraries.integers().between(0, 0x1ff), port()).as(TcpHeader::new);
    }

    private static Arbitrary<UdpHeader> udp() {
        return Combinators.combine(port(), port().filter(p -> !TUNNEL_PORTS.contains(p))).as(UdpHeader::new);
    }

    private static Arbitrary<IcmpHeader> icmpInformational() {
        return Combinators.combine(Arbitraries.of(0, 8, 13, 14), Arbitraries.integers().between(0, 255), Arbitraries.integers()).as(IcmpHeader::new);
    }

    private static Arbitrary<IcmpHeader> icmpError() {
        return Combinators.combine(Arbitraries.of(3, 5, 11, 12), Arbitraries.integers().between(0, 15), Arbitraries.integers()).as(IcmpHeader::new);
    }

    private static Arbitrary<Payload> data() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Payload.Data::new);
    }
}
