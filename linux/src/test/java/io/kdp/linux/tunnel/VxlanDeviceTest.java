package io.kdp.linux.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.socket.Socket;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.VxlanHeader;
import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.wire.PacketCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flannel-style VXLAN between two nodes whose eth0s share a veth underlay. */
class VxlanDeviceTest {
    Net net = new Net();
    NetNamespace a = net.host("node-a"), b = net.host("node-b");
    VxlanDevice va, vb;
    Socket dns;

    void build(String aArgs, String bArgs) {
        net.link(a, "eth0", "192.168.49.2/24", b, "eth0", "192.168.49.3/24");
        va = VxlanDevice.add(a, "flannel.1", aArgs);
        vb = VxlanDevice.add(b, "flannel.1", bArgs);
        Net.up(va, "10.244.0.0/32");
        Net.up(vb, "10.244.1.0/32");
        a.route("add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink");
        Net.neigh(a, "10.244.1.0 lladdr " + vb.mac() + " dev flannel.1 nud permanent");
        Net.neigh(a, "192.168.49.3 lladdr " + b.device("eth0").mac() + " dev eth0 nud permanent");
        dns = b.sockets().bind(IpProtocol.UDP, 0, 5353, "dns");
    }

    void flannel() {
        build("id 1 dev eth0 local 192.168.49.2 dstport 8472 nolearning", "id 1 dev eth0 local 192.168.49.3 dstport 8472 nolearning");
        va.bridgeFdb("add " + vb.mac() + " dev flannel.1 dst 192.168.49.3");
    }

    static Packet query(int id) {
        return new Packet(null, new Ipv4Header(0, id, true, 64, IpProtocol.UDP, 0, Ip4.parse("10.244.1.0")),
                new UdpHeader(40000, 5353), Payload.Data.ascii("hello kdp"));
    }

    @Test
    void configDefaultsAndDetails() {
        flannel();
        assertThat(va.mtu()).isEqualTo(1450);
        assertThat(va.arp()).isTrue();
        assertThat(va.kind()).isEqualTo("vxlan id 1 local 192.168.49.2 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx");
        VxlanConfig d = VxlanConfig.parse("id 4096 dstport 0");
        assertThat(d.dstPort()).isEqualTo(8472);
        assertThat(d.learning()).isTrue();
        assertThat(d.udpCsum()).isTrue();
        assertThat(VxlanConfig.parse("id 4096").dstPort()).isEqualTo(VxlanHeader.LINUX_DEFAULT_PORT);
        assertThat(VxlanConfig.parse("vni 4096 dstport 4789 noudpcsum ttl 5 df inherit").describe())
                .isEqualTo("vxlan id 4096 srcport 0 0 dstport 4789 ttl 5 df inherit ageing 300 noudpcsum noudp6zerocsumtx noudp6zerocsumrx");
    }

    @Test
    void badArgumentsGetIproute2Messages() {
        assertThatThrownBy(() -> VxlanConfig.parse("dstport 8472")).hasMessage("vxlan: missing virtual network identifier");
        assertThatThrownBy(() -> VxlanConfig.parse("id 16777216")).hasMessage("Error: argument \"16777216\" is wrong: invalid id");
        assertThatThrownBy(() -> VxlanConfig.parse("id 1 local 1.2.3")).hasMessage("Error: argument \"1.2.3\" is wrong: invalid local address");
        assertThatThrownBy(() -> VxlanConfig.parse("id 1 frobnicate")).hasMessage("vxlan: unknown command \"frobnicate\"?");
        assertThatThrownBy(() -> VxlanConfig.parse("id 1 dstport")).hasMessage("Command line is not complete. Try option \"help\"");
        net.link(a, "eth0", "192.168.49.2/24", b, "eth0", "192.168.49.3/24");
        assertThatThrownBy(() -> VxlanDevice.add(a, "vx0", "id 1 dev eth9")).hasMessage("Cannot find device \"eth9\"");
        VxlanDevice.add(a, "vx0", "id 1 dstport 4789");
        assertThatThrownBy(() -> VxlanDevice.add(a, "vx1", "id 1 dstport 4789")).hasMessage("Error: A VXLAN device with the specified VNI already exists.");
        assertThat(a.device("vx1")).isNull();
        VxlanDevice.add(a, "vx2", "id 2 dstport 4789"); // another VNI shares the port's socket
    }

    @Test
    void encapsulatesWithExactOuterHeadersAndDecapsulatesToTheSocket() {
        flannel();
        a.sendFromSocket(query(7));
        List<String> steps = net.run();
        String amac = va.mac().toString(), bmac = vb.mac().toString();
        Packet wire = net.sentOn("node-a/eth0").get(0);
        int sport = wire.srcPort();
        String outer = "192.168.49.2." + sport + " > 192.168.49.3.8472: udp len 59 vxlan vni 1 [10.244.0.0.40000 > 10.244.1.0.5353: udp len 9]";
        assertThat(steps).containsExactly(
                "node-a: route output via table main: 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink",
                "node-a: neigh 10.244.1.0 dev flannel.1 lladdr " + bmac + " PERMANENT",
                "node-a: tx flannel.1  10.244.0.0.40000 > 10.244.1.0.5353: udp len 9",
                "node-a: lookup fdb " + bmac + " -> dst 192.168.49.3",
                "node-a: encap flannel.1  " + outer + "  (fdb " + bmac + " dst 192.168.49.3)",
                "node-a: route output via table main: 192.168.49.0/24 dev eth0 proto kernel scope link src 192.168.49.2",
                "node-a: neigh 192.168.49.3 dev eth0 lladdr " + b.device("eth0").mac() + " PERMANENT",
                "node-a: tx eth0  " + outer,
                "node-b: rx eth0  " + outer,
                "node-b: route local via table local: local 192.168.49.3 dev eth0 table local proto kernel scope host src 192.168.49.3",
                "node-b: decap flannel.1  " + outer,
                "node-b: rx flannel.1  10.244.0.0.40000 > 10.244.1.0.5353: udp len 9",
                "node-b: route local via table local: local 10.244.1.0 dev flannel.1 table local proto kernel scope host src 10.244.1.0",
                "node-b: deliver to udp *:5353 (dns)  10.244.0.0.40000 > 10.244.1.0.5353: udp len 9");
        assertThat(net.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DELIVERED);

        // Outer Ethernet, IPv4 and UDP as vxlan_xmit_one builds them.
        assertThat(wire.ethernet().src()).isEqualTo(a.device("eth0").mac());
        assertThat(wire.ethernet().dst()).isEqualTo(b.device("eth0").mac());
        Ipv4Header ip = wire.ipv4();
        assertThat(ip.src()).isEqualTo(Ip4.parse("192.168.49.2"));
        assertThat(ip.dst()).isEqualTo(Ip4.parse("192.168.49.3"));
        assertThat(ip.ttl()).isEqualTo(64);
        assertThat(ip.dontFragment()).isFalse();
        assertThat(ip.tos()).isZero();
        assertThat(ip.protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(wire.dstPort()).isEqualTo(8472);
        Payload.Tunnel t = (Payload.Tunnel) wire.payload();
        assertThat(t.header()).isEqualTo(VxlanHeader.of(1));
        Packet inner = t.inner();
        assertThat(inner.ethernet().src().toString()).isEqualTo(amac);
        assertThat(inner.ethernet().dst().toString()).isEqualTo(bmac);
        assertThat(inner.src()).isEqualTo(Ip4.parse("10.244.0.0"));
        assertThat(inner.ipv4().ttl()).isEqualTo(64);
        assertThat(sport).isEqualTo(PacketCodec.vxlanSourcePort(inner, 0, 0)).isBetween(32768, 60998);
        // udpcsum is the kernel default: a real checksum; 50 bytes of overhead.
        byte[] bytes = PacketCodec.encode(wire);
        assertThat(bytes.length).isEqualTo(inner.frameLength() + VxlanDevice.HEADROOM);
        assertThat(((bytes[40] & 0xff) << 8) | (bytes[41] & 0xff)).isNotZero();
        assertThat(PacketCodec.checksumsValid(bytes, LinkType.ETHERNET)).isTrue();
        assertThat(PacketCodec.decode(bytes, LinkType.ETHERNET)).isEqualTo(wire);
        assertThat(dns.received()).hasSize(1);
    }

    @Test
    void noudpcsumSendsChecksumZero() {
        build("id 1 dev eth0 local 192.168.49.2 dstport 8472 nolearning noudpcsum", "id 1 dev eth0 nolearning");
        va.bridgeFdb("add " + vb.mac() + " dev flannel.1 dst 192.168.49.3");
        a.sendFromSocket(query(7));
        net.run();
        Packet wire = net.sentOn("node-a/eth0").get(0);
        assertThat(wire.udp().zeroChecksum()).isTrue();
        byte[] bytes = PacketCodec.encode(wire);
        assertThat(bytes[40]).isZero();
        assertThat(bytes[41]).isZero();
        assertThat(PacketCodec.checksumsValid(bytes, LinkType.ETHERNET)).isTrue();
        assertThat(PacketCodec.decode(bytes, LinkType.ETHERNET)).isEqualTo(wire);
        assertThat(dns.received()).hasSize(1);
    }

    @Test
    void ipIdsCountUpPerDestination() {
        flannel();
        a.sendFromSocket(query(7));
        a.sendFromSocket(query(8));
        net.run();
        List<Packet> wire = net.sentOn("node-a/eth0");
        assertThat(wire.get(1).ipv4().id()).isEqualTo((wire.get(0).ipv4().id() + 1) & 0xffff);
    }

    @Test
    void learningRecordsTheSenderAndAgesOut() {
        build("id 1 dev eth0 local 192.168.49.2 dstport 8472 nolearning", "id 1 dev eth0 local 192.168.49.3 dstport 8472");
        va.bridgeFdb("add " + vb.mac() + " dev flannel.1 dst 192.168.49.3");
        a.sendFromSocket(query(7));
        List<String> steps = net.run();
        assertThat(steps).contains("node-b: lookup fdb " + va.mac() + " -> learned dst 192.168.49.2");
        assertThat(vb.fdbShow()).isEqualTo(va.mac() + " dev flannel.1 dst 192.168.49.2 self \n");
        assertThat(va.fdbShow()).isEqualTo(vb.mac() + " dev flannel.1 dst 192.168.49.3 self permanent\n");
        net.backlog.clock().advance(300_000_000_000L);
        assertThat(vb.fdbShow()).isEmpty();
    }

    @Test
    void nolearningLearnsNothing() {
        flannel();
        a.sendFromSocket(query(7));
        net.run();
        assertThat(vb.fdb().entries()).isEmpty();
        assertThat(dns.received()).hasSize(1);
    }

    @Test
    void defaultEntriesReplicateToEveryRemoteFirstOneLast() {
        build("id 1 dev eth0 local 192.168.49.2 dstport 8472 nolearning", "id 1 dev eth0 nolearning");
        Net.neigh(a, "192.168.49.4 lladdr 02:00:00:00:00:04 dev eth0 nud permanent");
        va.bridgeFdb("append 00:00:00:00:00:00 dev flannel.1 dst 192.168.49.3");
        va.bridgeFdb("append 00:00:00:00:00:00 dev flannel.1 dst 192.168.49.4");
        a.sendFromSocket(query(7));
        List<String> steps = net.run();
        assertThat(steps).contains("node-a: lookup fdb " + vb.mac() + " -> dst 192.168.49.3, 192.168.49.4 (default entry)");
        List<Packet> wire = net.sentOn("node-a/eth0");
        assertThat(wire).extracting(Packet::dst).containsExactly(Ip4.parse("192.168.49.4"), Ip4.parse("192.168.49.3"));
        assertThat(va.fdbShow()).isEqualTo("""
                00:00:00:00:00:00 dev flannel.1 dst 192.168.49.3 self permanent
                00:00:00:00:00:00 dev flannel.1 dst 192.168.49.4 self permanent
                """);
    }

    @Test
    void noFdbEntryDrops() {
        build("id 1 dev eth0 local 192.168.49.2 nolearning", "id 1 dev eth0 nolearning");
        a.sendFromSocket(query(7));
        List<String> steps = net.run();
        assertThat(steps).endsWith("node-a: lookup fdb " + vb.mac() + " -> no entry",
                "node-a: drop: vxlan flannel.1: no fdb entry for " + vb.mac() + " and no default (00:00:00:00:00:00) entry");
        assertThat(net.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DROPPED);
        assertThat(net.sentOn("node-a/eth0")).isEmpty();
    }

    @Test
    void unknownVniIsDroppedAtTheReceiver() {
        build("id 1 dev eth0 local 192.168.49.2 nolearning", "id 2 dev eth0 nolearning");
        va.bridgeFdb("add " + vb.mac() + " dev flannel.1 dst 192.168.49.3");
        a.sendFromSocket(query(7));
        List<String> steps = net.run();
        assertThat(steps).last().isEqualTo("node-b: drop: vxlan: no device for VNI 1 on udp port 8472");
        assertThat(dns.received()).isEmpty();
    }

    @Test
    void ecnIsCopiedOutAndCeComesBackIn() {
        flannel();
        Packet q = query(7);
        a.sendFromSocket(q.withIpv4(VxlanDevice.withTos(q.ipv4(), 0x02))); // ECT(0)
        net.run();
        assertThat(net.sentOn("node-a/eth0").get(0).ipv4().tos()).isEqualTo(0x02);
        assertThat(TunnelEcn.encapsulate(0, 0x03)).isEqualTo(0x02);
        assertThat(TunnelEcn.decapsulate(0x03, 0x02)).isEqualTo(0x03);
        assertThat(TunnelEcn.decapsulate(0x03, 0x00)).isEqualTo(-1);
        assertThat(TunnelEcn.decapsulate(0x00, 0x02)).isEqualTo(0x02);
    }

    @Test
    void learnedMacMovesButStaticEntryDropsAMismatch() {
        build("id 1 dev eth0 local 192.168.49.2 nolearning", "id 1 dev eth0");
        va.bridgeFdb("add " + vb.mac() + " dev flannel.1 dst 192.168.49.3");
        vb.bridgeFdb("add " + va.mac() + " dev flannel.1 dst 192.168.49.9");
        a.sendFromSocket(query(7));
        List<String> steps = net.run();
        assertThat(steps).last().isEqualTo("node-b: drop: vxlan flannel.1: " + va.mac() + " is a static entry with another destination than 192.168.49.2");
        assertThat(dns.received()).isEmpty();
        assertThat(MacAddress.ZERO.toString()).isEqualTo("00:00:00:00:00:00");
    }
}
