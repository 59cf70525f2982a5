package io.kdp.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.socket.Socket;
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

/** A node with bridge cni0 and three pods, as the bridge CNI plugin wires them. */
class BridgeDeviceTest {
    Topology t;
    NetNamespace node, p1, p2, p3;
    BridgeDevice cni0;

    @BeforeEach
    void build() {
        t = new Topology();
        node = t.host("node");
        cni0 = new BridgeDevice(node, "cni0", MacAddress.parse("02:00:00:00:00:01"));
        node.addAddress(cni0, Cidr.parse("10.244.0.1/24"));
        node.setUp(cni0);
        node.sysctls().set("net.ipv4.ip_forward", "1");
        p1 = pod("p1", "veth1", "10.244.0.2/24", 1);
        p2 = pod("p2", "veth2", "10.244.0.3/24", 2);
        p3 = pod("p3", "veth3", "10.244.0.4/24", 3);
    }

    NetNamespace pod(String name, String hostSide, String address, int n) {
        NetNamespace pod = t.host(name);
        VethDevice v = VethDevice.pair(pod, "eth0", MacAddress.parse("02:00:00:00:02:0" + n), node, hostSide, MacAddress.parse("02:00:00:00:01:0" + n), 1500);
        pod.addAddress(v, Cidr.parse(address));
        pod.setUp(v);
        node.setUp(v.peer());
        cni0.addPort(v.peer());
        pod.route("add default via 10.244.0.1");
        return pod;
    }

    static Packet udp(int sport, String dst, int dport) {
        return new Packet(null, new Ipv4Header(0, 1, true, 64, IpProtocol.UDP, 0, Ip4.parse(dst)), new UdpHeader(sport, dport), Payload.Data.ascii("x"));
    }

    @Test
    void fdbShowListsLocalEntriesThenLearnedStationsPerDevice() {
        assertThat(cni0.fdbShow()).isEqualTo("""
                02:00:00:00:00:01 dev cni0 master cni0 permanent
                02:00:00:00:01:01 dev veth1 master cni0 permanent
                02:00:00:00:01:02 dev veth2 master cni0 permanent
                02:00:00:00:01:03 dev veth3 master cni0 permanent
                """);
        p2.sockets().bind(IpProtocol.UDP, 0, 5353, "dns");
        p1.sendFromSocket(udp(40000, "10.244.0.3", 5353));
        t.run();
        cni0.bridgeFdb("add 02:00:00:00:09:09 dev veth3 master static");
        assertThat(cni0.fdbShow()).isEqualTo("""
                02:00:00:00:00:01 dev cni0 master cni0 permanent
                02:00:00:00:02:01 dev veth1 master cni0\s
                02:00:00:00:01:01 dev veth1 master cni0 permanent
                02:00:00:00:02:02 dev veth2 master cni0\s
                02:00:00:00:01:02 dev veth2 master cni0 permanent
                02:00:00:00:09:09 dev veth3 master cni0 static
                02:00:00:00:01:03 dev veth3 master cni0 permanent
                """);
        // Learned entries age out after ageing_time (300 s); static and permanent ones stay.
        t.backlog.clock().advance(300_000_000_000L);
        assertThat(cni0.fdbShow()).doesNotContain("02:00:00:00:02:0").contains("02:00:00:00:09:09 dev veth3 master cni0 static");
        assertThat(cni0.portOf(MacAddress.parse("02:00:00:00:09:09"))).isSameAs(node.device("veth3"));
    }

    @Test
    void unknownDestinationIsFloodedThenLearnedStationsAreForwarded() {
        Socket s = p2.sockets().bind(IpProtocol.UDP, 0, 5353, "dns");
        // p1 knows p2's MAC already (static neighbour), so the bridge has not learned p2 yet: flood.
        p1.neighbours().learn(Ip4.parse("10.244.0.3"), "eth0", MacAddress.parse("02:00:00:00:02:02"));
        p1.sendFromSocket(udp(40000, "10.244.0.3", 5353));
        List<String> steps = t.run();
        assertThat(steps).contains("node: bridge cni0 veth1 -> * (flood, unknown 02:00:00:00:02:02)",
                "node: tx veth2  10.244.0.2.40000 > 10.244.0.3.5353: udp len 1",
                "node: tx veth3  10.244.0.2.40000 > 10.244.0.3.5353: udp len 1");
        assertThat(s.received()).hasSize(1);
        // p3 got the flooded frame but it was not for its MAC: dropped quietly (PACKET_OTHERHOST).
        assertThat(steps).contains("p3: rx eth0  10.244.0.2.40000 > 10.244.0.3.5353: udp len 1");
        assertThat(cni0.portOf(MacAddress.parse("02:00:00:00:02:01"))).isSameAs(node.device("veth1"));

        // Once p2 has answered, the bridge knows where it is.
        p2.sendFromSocket(udp(5353, "10.244.0.2", 40000));
        t.run();
        p1.sendFromSocket(udp(40000, "10.244.0.3", 5353));
        assertThat(t.run()).contains("node: bridge cni0 veth1 -> veth2 (fdb)").doesNotContain("node: tx veth3  10.244.0.2.40000 > 10.244.0.3.5353: udp len 1");
    }

    void clusterIpDnat() {
        node.iptables().restore("""
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                -A PREROUTING -d 10.96.0.10/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.244.0.3:5353
                -A PREROUTING -d 10.244.0.3/32 -p udp -m udp --dport 9999 -j DNAT --to-destination 10.244.0.4:5353
                -A PREROUTING -d 10.244.0.3/32 -p udp -m udp --dport 7777 -j DNAT --to-destination 192.168.7.7:53
                COMMIT
                """);
    }

    /** p1 -> ClusterIP 10.96.0.10:53 DNATed to p2; p2's reply comes back to p1 through the bridge only. */
    List<Packet> clusterIpRoundTrip() {
        clusterIpDnat();
        Socket client = p1.sockets().bind(IpProtocol.UDP, Ip4.parse("10.244.0.2"), 40000, "client");
        Socket server = p2.sockets().bind(IpProtocol.UDP, 0, 5353, "dns");
        p1.sendFromSocket(udp(40000, "10.96.0.10", 53));
        t.run();
        assertThat(server.received()).hasSize(1);
        Packet q = server.received().get(0);
        assertThat(Ip4.format(q.dst()) + ":" + q.dstPort()).isEqualTo("10.244.0.3:5353");
        p2.sendFromSocket(new Packet(null, new Ipv4Header(0, 2, true, 64, IpProtocol.UDP, Ip4.parse("10.244.0.3"), q.src()), new UdpHeader(5353, q.srcPort()), Payload.Data.ascii("a")));
        steps = t.run();
        return client.received();
    }

    List<String> steps;

    @Test
    void withoutBrNetfilterTheBridgedReplyEscapesConntrack() {
        List<Packet> got = clusterIpRoundTrip();
        assertThat(got).hasSize(1);
        // The reply went port to port: nobody undid the DNAT, so the client sees the pod's address.
        assertThat(Ip4.format(got.get(0).src()) + ":" + got.get(0).srcPort()).isEqualTo("10.244.0.3:5353");
        assertThat(steps).noneMatch(s -> s.startsWith("node: hook"));
    }

    @Test
    void withBrNetfilterTheBridgedReplyIsUnDnated() {
        node.brNetfilter(true);
        List<Packet> got = clusterIpRoundTrip();
        assertThat(got).hasSize(1);
        assertThat(Ip4.format(got.get(0).src()) + ":" + got.get(0).srcPort()).isEqualTo("10.96.0.10:53");
        assertThat(steps).containsExactly(
                "p2: route output via table main: 10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.3",
                "p2: neigh 10.244.0.2 dev eth0 lladdr 02:00:00:00:02:01 REACHABLE (ARP reply from p1/eth0)",
                "p2: tx eth0  10.244.0.3.5353 > 10.244.0.2.40000: udp len 1",
                "node: rx veth2  10.244.0.3.5353 > 10.244.0.2.40000: udp len 1",
                "node: hook PREROUTING [conntrack -200, nat -100]",
                "node: conntrack ESTABLISHED reply  udp      17 30 src=10.244.0.2 dst=10.96.0.10 sport=40000 dport=53 src=10.244.0.3 dst=10.244.0.2 sport=5353 dport=40000 mark=0 use=1",
                "node: bridge cni0 veth2 -> veth1 (fdb)",
                "node: hook POSTROUTING [nat 100, conntrack last]",
                "node: un-DNAT 10.244.0.3:5353 -> 10.96.0.10:53",
                "node: tx veth1  10.96.0.10.53 > 10.244.0.2.40000: udp len 1",
                "p1: rx eth0  10.96.0.10.53 > 10.244.0.2.40000: udp len 1",
                "p1: route local via table local: local 10.244.0.2 dev eth0 table local proto kernel scope host src 10.244.0.2",
                "p1: deliver to udp 10.244.0.2:40000 (client)  10.96.0.10.53 > 10.244.0.2.40000: udp len 1");
        // and bridge-nf-call-iptables=0 turns it off again
        node.sysctls().set("net.bridge.bridge-nf-call-iptables", "0");
        assertThat(node.bridgeCallsIptables()).isFalse();
    }

    @Test
    void dnatToAnotherStationOnTheBridgeStaysBridged() {
        node.brNetfilter(true);
        clusterIpDnat();
        Socket s3 = p3.sockets().bind(IpProtocol.UDP, 0, 5353, "dns");
        p1.sendFromSocket(udp(40000, "10.244.0.3", 9999));
        List<String> steps = t.run();
        assertThat(steps).contains("node: bridge cni0 veth1 -> cni0 (DNAT to 10.244.0.4: bridged to 02:00:00:00:02:03)",
                // The bridge's own ARP exchange taught it p3's port (br_fdb_update on the reply), so no flood.
                "node: bridge cni0 veth1 -> veth3 (fdb)");
        assertThat(s3.received()).hasSize(1);
        assertThat(s3.received().get(0).ipv4().ttl()).isEqualTo(64); // bridged, not routed
    }

    @Test
    void dnatOffTheSegmentIsRouted() {
        node.brNetfilter(true);
        clusterIpDnat();
        NetNamespace ext = t.host("ext");
        t.link(node, "eth0", "192.168.7.1/24", ext, "eth0", "192.168.7.7/24");
        Socket s = ext.sockets().bind(IpProtocol.UDP, 0, 53, "dns");
        p1.sendFromSocket(udp(40000, "10.244.0.3", 7777));
        List<String> steps = t.run();
        assertThat(steps).contains("node: bridge cni0 veth1 -> cni0 (DNAT to 192.168.7.7: routed)",
                "node: route forward via table main: 192.168.7.0/24 dev eth0 proto kernel scope link src 192.168.7.1");
        assertThat(s.received()).hasSize(1);
        assertThat(s.received().get(0).ipv4().ttl()).isEqualTo(63);
    }

    @Test
    void brNetfilterShowsBridgedTrafficToForwardWithTheBridgeAsInAndOut() {
        node.iptables().restore("""
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A FORWARD -i cni0 -o cni0 -p udp -m udp --dport 5353 -j DROP
                COMMIT
                """);
        Socket s = p2.sockets().bind(IpProtocol.UDP, 0, 5353, "dns");
        p1.sendFromSocket(udp(40000, "10.244.0.3", 5353));
        t.run();
        assertThat(s.received()).hasSize(1); // bridged traffic bypasses iptables without br_netfilter
        node.brNetfilter(true);
        p1.sendFromSocket(udp(40000, "10.244.0.3", 5353));
        List<String> steps = t.run();
        assertThat(steps).containsExactly(
                "p1: route output via table main: 10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.2",
                "p1: neigh 10.244.0.3 dev eth0 lladdr 02:00:00:00:02:02 REACHABLE",
                "p1: tx eth0  10.244.0.2.40000 > 10.244.0.3.5353: udp len 1",
                "node: rx veth1  10.244.0.2.40000 > 10.244.0.3.5353: udp len 1",
                "node: bridge cni0 veth1 -> veth2 (fdb)",
                "node: hook FORWARD [iptables filter 0]",
                "node: filter:FORWARD:rule:1  -i cni0 -o cni0 -p udp -m udp --dport 5353 -j DROP  => DROP",
                "node: drop: iptables filter:FORWARD:rule:1 DROP");
        assertThat(s.received()).hasSize(1);
    }
}
