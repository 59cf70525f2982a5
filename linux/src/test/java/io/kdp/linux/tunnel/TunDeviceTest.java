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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** flannel0: a TUN device whose other end is a user-space reader and writer. */
class TunDeviceTest {
    Net net = new Net();
    NetNamespace node = net.host("node");
    TunDevice tun = new TunDevice(node, "flannel0", 1472);

    static Packet udp(String src, String dst) {
        return new Packet(null, new Ipv4Header(0, 1, true, 64, IpProtocol.UDP, src == null ? 0 : Ip4.parse(src), Ip4.parse(dst)),
                new UdpHeader(40000, 5353), Payload.Data.ascii("x"));
    }

    @Test
    void transmittedPacketsGoToTheReader() {
        Net.up(tun, "10.244.0.0/16");
        List<Packet> read = new ArrayList<>();
        tun.attach(read::add);
        assertThat(tun.hasLinkLayer()).isFalse();
        assertThat(tun.arp()).isFalse();
        node.sendFromSocket(udp(null, "10.244.1.5"));
        List<String> steps = net.run();
        assertThat(steps).containsExactly(
                "node: route output via table main: 10.244.0.0/16 dev flannel0 proto kernel scope link src 10.244.0.0",
                "node: tx flannel0  10.244.0.0.40000 > 10.244.1.5.5353: udp len 1",
                "node: tun flannel0: read by user space  10.244.0.0.40000 > 10.244.1.5.5353: udp len 1");
        assertThat(read).hasSize(1);
        assertThat(read.get(0).ethernet()).isNull();
        assertThat(read.get(0).src()).isEqualTo(Ip4.parse("10.244.0.0"));
    }

    @Test
    void writtenPacketsAreReceivedOnTheDevice() {
        Net.up(tun, "10.244.1.0/16");
        Socket s = node.sockets().bind(IpProtocol.UDP, 0, 5353, "dns");
        tun.write(udp("10.244.0.0", "10.244.1.0"));
        List<String> steps = net.run();
        assertThat(steps).startsWith("node: rx flannel0  10.244.0.0.40000 > 10.244.1.0.5353: udp len 1");
        assertThat(net.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DELIVERED);
        assertThat(s.received()).hasSize(1);
    }

    @Test
    void withNobodyAttachedTheDeviceDrops() {
        Net.up(tun, "10.244.0.0/16");
        node.sendFromSocket(udp(null, "10.244.1.5"));
        List<String> steps = net.run();
        assertThat(steps).last().isEqualTo("node: drop: tun flannel0: no process has the device open (NO-CARRIER)");
        assertThat(net.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DROPPED);
    }
}
