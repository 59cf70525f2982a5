package io.kdp.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.socket.Socket;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.UdpHeader;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hairpin mode on a bridge port (BR_HAIRPIN_MODE): a pod that reaches a ClusterIP DNATed to itself
 * gets the frame back out of the port it came in on only when the port is in hairpin mode.
 */
class BridgeHairpinTest {
    Topology t = new Topology();
    NetNamespace node = t.host("node"), pod = t.host("pod");
    BridgeDevice cni0;
    VethDevice hostSide;
    Socket server;

    @BeforeEach
    void build() {
        cni0 = new BridgeDevice(node, "cni0", MacAddress.parse("02:00:00:00:00:01"));
        node.addAddress(cni0, Cidr.parse("10.244.0.1/24"));
        node.setUp(cni0);
        node.sysctls().set("net.ipv4.ip_forward", "1");
        node.brNetfilter(true);
        VethDevice podSide = VethDevice.pair(pod, "eth0", MacAddress.parse("02:00:00:00:02:01"), node, "veth1", MacAddress.parse("02:00:00:00:01:01"), 1500);
        hostSide = podSide.peer();
        pod.addAddress(podSide, Cidr.parse("10.244.0.2/24"));
        pod.setUp(podSide);
        node.setUp(hostSide);
        cni0.addPort(hostSide);
        pod.route("add default via 10.244.0.1");
        node.iptables().restore("""
                *nat
                :PREROUTING ACCEPT [0:0]
                -A PREROUTING -d 10.96.0.10/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.244.0.2:5353
                COMMIT
                """);
        server = pod.sockets().bind(IpProtocol.UDP, 0, 5353, "dns");
    }

    void query() {
        pod.sendFromSocket(new Packet(null, new Ipv4Header(0, 1, true, 64, IpProtocol.UDP, 0, Ip4.parse("10.96.0.10")), new UdpHeader(40000, 53), Payload.Data.ascii("q")));
    }

    @Test
    void withoutHairpinTheFrameIsNotSentBackOutOfItsIngressPort() {
        assertThat(cni0.hairpin(hostSide)).isFalse();
        query();
        List<String> steps = t.run();
        assertThat(server.received()).isEmpty();
        assertThat(steps).noneMatch(s -> s.startsWith("node: tx veth1"));
    }

    @Test
    void withHairpinThePodReachesItselfThroughTheClusterIp() {
        cni0.hairpin(hostSide, true);
        query();
        List<String> steps = t.run();
        assertThat(steps).containsSubsequence(
                "node: rx veth1  10.244.0.2.40000 > 10.96.0.10.53: udp len 1",
                "node: bridge cni0 veth1 -> cni0 (DNAT to 10.244.0.2: bridged to 02:00:00:00:02:01)",
                "node: bridge cni0 veth1 -> veth1 (fdb, hairpin)",
                "node: tx veth1  10.244.0.2.40000 > 10.244.0.2.5353: udp len 1",
                "pod: rx eth0  10.244.0.2.40000 > 10.244.0.2.5353: udp len 1",
                "pod: deliver to udp *:5353 (dns)  10.244.0.2.40000 > 10.244.0.2.5353: udp len 1");
        assertThat(server.received()).hasSize(1);
        assertThat(t.backlog.takeOutcome().disposition()).isEqualTo(Disposition.DELIVERED);
    }

    @Test
    void hairpinIsPerPortAndOnlyForPorts() {
        cni0.hairpin(hostSide, true);
        cni0.hairpin(hostSide, false);
        assertThat(cni0.hairpin(hostSide)).isFalse();
        assertThatThrownBy(() -> cni0.hairpin(pod.device("eth0"), true)).hasMessage("pod/eth0 is not a port of cni0");
    }
}
