package io.kdp.cni.flannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.cni.NodeNetwork;
import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.VethDevice;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** flanneld's per-node state for each backend, on two nodes joined by a veth (no cluster, no kube-proxy). */
class FlannelPluginTest {
    final Backlog backlog = new Backlog(new Clock(0));

    List<NodeNetwork> nodes(String bIp) {
        NetNamespace a = new NetNamespace("node-a", backlog, 1), b = new NetNamespace("node-b", backlog, 1);
        VethDevice eth0 = VethDevice.pair(a, "eth0", a.randomMac("eth0"), b, "eth0", b.randomMac("eth0"), 1500);
        a.addAddress(eth0, Cidr.parse("192.168.49.2/24"));
        b.addAddress(eth0.peer(), Cidr.parse(bIp));
        a.setUp(eth0);
        b.setUp(eth0.peer());
        List<NodeNetwork> out = new ArrayList<>();
        out.add(new NodeNetwork("node-a", a, eth0, Cidr.parse("192.168.49.2/24"), Cidr.parse("10.244.0.0/24")));
        out.add(new NodeNetwork("node-b", b, eth0.peer(), Cidr.parse(bIp), Cidr.parse("10.244.1.0/24")));
        return out;
    }

    FlannelPlugin start(FlannelBackend backend, List<NodeNetwork> nodes) {
        FlannelPlugin p = new FlannelPlugin(backend, Cidr.parse("10.244.0.0/16"));
        for (NodeNetwork n : nodes) p.setupNode(n, nodes);
        return p;
    }

    @Test
    void namesSubnetEnvAndMtuPerBackend() {
        for (FlannelBackend b : FlannelBackend.values()) {
            FlannelPlugin p = start(b, nodes("192.168.49.3/24"));
            assertThat(p.name()).isEqualTo("flannel-" + b.type());
            assertThat(p.daemons().get("node-a").subnetEnv().render()).isEqualTo(
                    "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.0.1/24\nFLANNEL_MTU=" + (1500 - b.overhead()) + "\nFLANNEL_IPMASQ=true\n");
        }
        assertThat(FlannelBackend.of("host-gw")).isEqualTo(FlannelBackend.HOST_GW);
        assertThatThrownBy(() -> FlannelBackend.of("ipsec")).hasMessage("unknown flannel backend type \"ipsec\" (supported: vxlan, host-gw, udp)");
    }

    @Test
    void bothNodesLearnEachOthersLeaseWhicheverStartedFirst() {
        List<NodeNetwork> n = nodes("192.168.49.3/24");
        FlannelPlugin p = start(FlannelBackend.VXLAN, n);
        var vtepB = n.get(1).ns().device("flannel.1").mac();
        var vtepA = n.get(0).ns().device("flannel.1").mac();
        assertThat(n.get(0).ns().neighbours().show()).isEqualTo("10.244.1.0 dev flannel.1 lladdr " + vtepB + " PERMANENT \n");
        assertThat(n.get(1).ns().neighbours().show()).isEqualTo("10.244.0.0 dev flannel.1 lladdr " + vtepA + " PERMANENT \n");
        assertThat(p.daemons().get("node-b").lease()).isEqualTo(new Lease("node-b", Cidr.parse("10.244.1.0/24"), Ip4.parse("192.168.49.3"), FlannelBackend.VXLAN, vtepB));
    }

    @Test
    void hostGwNeedsTheNodesOnOneSegment() {
        assertThatThrownBy(() -> start(FlannelBackend.HOST_GW, nodes("192.168.50.3/24")))
                .hasMessage("flannel host-gw: node node-a (192.168.49.2) is not on node node-b's subnet 192.168.50.0/24; host-gw needs every node on one L2 segment (use vxlan)");
    }

    @Test
    void udpProxyDropsWhatNoLeaseCoversAndKeepsItsSubnetTable() {
        List<NodeNetwork> n = nodes("192.168.49.3/24");
        FlannelPlugin p = start(FlannelBackend.UDP, n);
        UdpProxy proxy = p.daemons().get("node-a").udpProxy();
        assertThat(proxy.routes()).containsExactly("10.244.1.0/24 -> 192.168.49.3:8285");
        NetNamespace a = n.get(0).ns();
        a.sendFromSocket(new Packet(null, Ipv4Header.of(IpProtocol.TCP, 0, Ip4.parse("10.244.9.9"), 1), new TcpHeader(40000, 80, 1, 0, TcpHeader.SYN, 64240), null));
        backlog.drain();
        var o = backlog.takeOutcome();
        assertThat(o.disposition()).isEqualTo(Disposition.DROPPED);
        assertThat(o.reason()).isEqualTo("flanneld: no subnet lease covers 10.244.9.9");
        assertThat(p.daemons().get("node-a").udpProxy()).isSameAs(proxy);
        assertThat(start(FlannelBackend.VXLAN, nodes("192.168.49.3/24")).daemons().get("node-a").udpProxy()).isNull();
    }
}
