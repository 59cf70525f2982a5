package io.kdp.linux.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.bpf.TcAction;
import io.kdp.linux.bpf.TcContext;
import io.kdp.linux.bpf.TcDirection;
import io.kdp.linux.bpf.TcProgram;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.VxlanHeader;
import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.wire.PacketCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A collect-metadata VXLAN device (Cilium's cilium_vxlan): the tunnel key comes with each frame. */
class VxlanExternalTest {
    Net net = new Net();
    NetNamespace a = net.host("node-a"), b = net.host("node-b");

    static Packet inner() {
        return new Packet(new EthernetHeader(MacAddress.parse("0a:00:00:00:00:02"), MacAddress.parse("0a:00:00:00:00:01"), EtherType.IPV4),
                new Ipv4Header(0, 1, true, 64, IpProtocol.TCP, Ip4.parse("10.244.0.2"), Ip4.parse("10.244.1.2")),
                new TcpHeader(40000, 8080, 1, 0, TcpHeader.SYN, TcpHeader.DEFAULT_WINDOW), Payload.Data.EMPTY);
    }

    @Test
    void theTunnelKeyChoosesVniAndRemoteAndTheReceiverReadsItBack() {
        net.link(a, "eth0", "192.168.49.2/24", b, "eth0", "192.168.49.3/24");
        VxlanDevice va = VxlanDevice.createExternal(a, "cilium_vxlan", a.randomMac("cilium_vxlan"), 8472);
        VxlanDevice vb = VxlanDevice.createExternal(b, "cilium_vxlan", b.randomMac("cilium_vxlan"), 8472);
        Net.up(va, null);
        Net.up(vb, null);
        assertThat(va.kind()).isEqualTo("vxlan external id 0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx");
        assertThat(va.mtu()).isEqualTo(1500);
        assertThatThrownBy(() -> VxlanDevice.createExternal(a, "vx2", a.randomMac("vx2"), 8472))
                .hasMessage("Error: A VXLAN device with the specified VNI already exists.");
        List<TunnelKey> seen = new ArrayList<>();
        b.clsact().attach(vb, TcDirection.INGRESS, new TcProgram() {
            public String name() { return "from_overlay"; }
            public TcAction run(TcContext ctx) {
                seen.add(vb.tunnelKeyOf(ctx.frame()));
                return ctx.drop("seen", false);
            }
        });
        va.setTunnelKey(new TunnelKey(258, Ip4.parse("192.168.49.3"), 64, true));
        a.redirect(va, inner());
        net.backlog.drain();
        Packet wire = net.sentOn("node-a/eth0").get(0);
        assertThat(Ip4.format(wire.src()) + " > " + Ip4.format(wire.dst())).isEqualTo("192.168.49.2 > 192.168.49.3");
        assertThat(wire.ipv4().ttl()).isEqualTo(64);
        assertThat(wire.dstPort()).isEqualTo(8472);
        assertThat(((UdpHeader) wire.transport()).zeroChecksum()).isTrue();
        assertThat(((Payload.Tunnel) wire.payload()).header()).isEqualTo(VxlanHeader.of(258));
        assertThat(((Payload.Tunnel) wire.payload()).inner()).isEqualTo(inner());
        assertThat(PacketCodec.checksumsValid(PacketCodec.encode(wire), LinkType.ETHERNET)).isTrue();
        assertThat(seen).containsExactly(new TunnelKey(258, Ip4.parse("192.168.49.2"), 64, false));
    }

    @Test
    void withoutATunnelKeyTheFrameIsDropped() {
        net.link(a, "eth0", "192.168.49.2/24", b, "eth0", "192.168.49.3/24");
        VxlanDevice va = VxlanDevice.createExternal(a, "cilium_vxlan", a.randomMac("cilium_vxlan"), 8472);
        Net.up(va, null);
        a.redirect(va, inner());
        net.backlog.drain();
        var o = net.backlog.takeOutcome();
        assertThat(o.disposition()).isEqualTo(Disposition.DROPPED);
        assertThat(o.reason()).isEqualTo("vxlan cilium_vxlan: collect-metadata device and the frame has no tunnel key");
        assertThat(net.sentOn("node-a/eth0")).isEmpty();
    }
}
