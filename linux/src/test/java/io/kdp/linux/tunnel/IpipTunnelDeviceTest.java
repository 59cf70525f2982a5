package io.kdp.linux.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.socket.Socket;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.wire.PacketCodec;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calico-style IP-in-IP over tunl0 between two nodes (emulation only: this kernel has no ipip module). */
class IpipTunnelDeviceTest {
    Net net = new Net();
    NetNamespace a = net.host("node-a"), b = net.host("node-b");
    IpipTunnelDevice ta, tb;
    Socket dns;

    @BeforeEach
    void build() {
        net.link(a, "eth0", "192.168.49.2/24", b, "eth0", "192.168.49.3/24");
        ta = IpipTunnelDevice.tunl0(a);
        tb = IpipTunnelDevice.tunl0(b);
        Net.up(ta, "10.244.0.1/32");
        Net.up(tb, "10.244.1.1/32");
        a.route("add 10.244.1.0/26 via 192.168.49.3 dev tunl0 onlink");
        dns = b.sockets().bind(IpProtocol.UDP, 0, 5353, "dns");
    }

    static Packet query(boolean df, int ttl) {
        return new Packet(null, new Ipv4Header(0, 9, df, ttl, IpProtocol.UDP, 0, Ip4.parse("10.244.1.1")), new UdpHeader(40000, 5353), Payload.Data.ascii("q"));
    }

    @Test
    void tunl0Defaults() {
        assertThat(ta.mtu()).isEqualTo(1480);
        assertThat(ta.hasLinkLayer()).isFalse();
        assertThat(ta.arp()).isFalse();
        assertThat(ta.kind()).isEqualTo("ipip ipip remote any local any ttl inherit nopmtudisc");
    }

    @Test
    void encapsulatesToTheRoutesNextHopAndDecapsulatesOnTunl0() {
        a.sendFromSocket(query(true, 64));
        List<String> steps = net.run();
        String outer = "192.168.49.2 > 192.168.49.3: ipencap [10.244.0.1.40000 > 10.244.1.1.5353: udp len 1]";
        String inner = "10.244.0.1.40000 > 10.244.1.1.5353: udp len 1";
        String bmac = b.device("eth0").mac().toString();
        assertThat(steps).containsExactly(
                "node-a: route output via table main: 10.244.1.0/26 via 192.168.49.3 dev tunl0 onlink",
                "node-a: tx tunl0  " + inner,
                "node-a: encap tunl0  " + outer + "  (route via 192.168.49.3)",
                "node-a: route output via table main: 192.168.49.0/24 dev eth0 proto kernel scope link src 192.168.49.2",
                "node-a: neigh 192.168.49.3 dev eth0 lladdr " + bmac + " REACHABLE (ARP reply from node-b/eth0)",
                "node-a: tx eth0  " + outer,
                "node-b: rx eth0  " + outer,
                "node-b: route local via table local: local 192.168.49.3 dev eth0 table local proto kernel scope host src 192.168.49.3",
                "node-b: decap tunl0  " + outer,
                "node-b: rx tunl0  " + inner,
                "node-b: route local via table local: local 10.244.1.1 dev tunl0 table local proto kernel scope host src 10.244.1.1",
                "node-b: deliver to udp *:5353 (dns)  " + inner);
        assertThat(net.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DELIVERED);
        Packet wire = net.sentOn("node-a/eth0").get(0);
        assertThat(wire.protocol()).isEqualTo(IpProtocol.IPIP);
        assertThat(wire.transport()).isNull();
        assertThat(wire.ipv4().ttl()).isEqualTo(64); // inherited
        assertThat(wire.ipv4().dontFragment()).isTrue(); // inherited (nopmtudisc)
        assertThat(wire.inner().ethernet()).isNull();
        byte[] bytes = PacketCodec.encode(wire);
        assertThat(bytes.length).isEqualTo(14 + 20 + wire.inner().ipTotalLength());
        assertThat(bytes[14 + 9]).isEqualTo((byte) 4);
        assertThat(PacketCodec.checksumsValid(bytes, LinkType.ETHERNET)).isTrue();
        assertThat(PacketCodec.decode(bytes, LinkType.ETHERNET)).isEqualTo(wire);
        assertThat(dns.received()).hasSize(1);
    }

    @Test
    void ttlAndDfFollowTheInnerPacketUnlessConfigured() {
        a.sendFromSocket(query(false, 17));
        net.run();
        Packet wire = net.sentOn("node-a/eth0").get(0);
        assertThat(wire.ipv4().ttl()).isEqualTo(17);
        assertThat(wire.ipv4().dontFragment()).isFalse();

        NetNamespace c = net.host("node-c");
        net.link(c, "eth0", "192.168.50.2/24", b, "eth1", "192.168.50.3/24");
        IpipTunnelDevice fixed = new IpipTunnelDevice(c, "ipip0", Ip4.parse("192.168.50.2"), Ip4.parse("192.168.50.3"), 30, true, c.device("eth0"));
        assertThat(fixed.mtu()).isEqualTo(1480);
        assertThat(fixed.kind()).isEqualTo("ipip ipip remote 192.168.50.3 local 192.168.50.2 dev eth0 ttl 30 pmtudisc");
        Net.up(fixed, "10.245.0.1/32");
        c.route("add 10.244.1.0/26 dev ipip0");
        c.sendFromSocket(query(false, 64));
        List<String> steps = net.run();
        assertThat(steps).contains("node-c: encap ipip0  192.168.50.2 > 192.168.50.3: ipencap [10.245.0.1.40000 > 10.244.1.1.5353: udp len 1]  (remote 192.168.50.3)");
        Packet w = net.sentOn("node-c/eth0").get(0);
        assertThat(w.ipv4().ttl()).isEqualTo(30);
        assertThat(w.ipv4().dontFragment()).isTrue();
        // node-b's tunl0 (any/any) takes it: the fallback device matches every pair of addresses.
        assertThat(dns.received()).hasSize(2);
    }

    @Test
    void aDownTunl0RefusesWithPortUnreachable() {
        tb.up(false);
        a.sendFromSocket(query(true, 64));
        List<String> steps = net.run();
        assertThat(steps).contains("node-b: drop: ipip: no tunnel for 192.168.49.2 -> 192.168.49.3");
        assertThat(steps).contains("node-b: sent icmp port unreachable  192.168.49.3 > 192.168.49.2: icmp type 3 code 3");
        assertThat(dns.received()).isEmpty();
    }
}
