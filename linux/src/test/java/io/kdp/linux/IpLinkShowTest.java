package io.kdp.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.tunnel.TunDevice;
import io.kdp.linux.tunnel.VxlanConfig;
import io.kdp.linux.tunnel.VxlanDevice;
import io.kdp.packet.Cidr;
import io.kdp.packet.MacAddress;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ip -d link show} and {@code bridge fdb show} of a flannel-style node against what the real
 * iproute2 6.1 printed on a 6.x kernel for the same devices (src/test/resources/iplink, captured with
 * {@code ip netns}; the bridge's gc and forward-delay timers, which run in real time, set to 0.00,
 * and the pod namespace shown by id as it has no name here).
 */
class IpLinkShowTest {
    Topology t = new Topology();
    NetNamespace node = t.host("node-a"), pod = t.host("pod");
    BridgeDevice cni0;
    VethDevice port;
    TunDevice flannel0;

    @BeforeEach
    void build() {
        VethDevice port1 = VethDevice.pair(node, "port1", MacAddress.parse("7a:b8:39:73:82:6e"), node, "eth0", MacAddress.parse("02:42:c0:a8:31:02"), 1500);
        node.addAddress(port1.peer(), Cidr.parse("192.168.49.2/24"));
        node.setUp(port1.peer());
        VxlanDevice vx = VxlanDevice.create(node, "flannel.1", MacAddress.parse("6e:00:00:00:00:0a"),
                VxlanConfig.parse("id 1 local 192.168.49.2 dev eth0 dstport 8472 nolearning"));
        node.addAddress(vx, Cidr.parse("10.244.0.0/32"));
        node.setUp(vx);
        cni0 = new BridgeDevice(node, "cni0", MacAddress.parse("6e:00:00:00:00:0c"));
        cni0.mtu(1450);
        node.addAddress(cni0, Cidr.parse("10.244.0.1/24"));
        node.setUp(cni0);
        port = VethDevice.pair(node, "vethaaaa0001", MacAddress.parse("5e:12:2a:88:00:d2"), pod, "eth0", MacAddress.parse("a2:fa:94:73:e7:83"), 1500);
        port.mtu(1450);
        cni0.addPort(port);
        cni0.hairpin(port, true);
        node.setUp(port);
        pod.setUp(port.peer());
        flannel0 = new TunDevice(node, "flannel0", 1472);
        flannel0.attach(p -> {});
        node.setUp(flannel0);
        vx.bridgeFdb("add 6e:00:00:00:00:0b dev flannel.1 dst 192.168.49.3");
    }

    static String resource(String name) throws Exception {
        try (InputStream in = IpLinkShowTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void detailsMatchTheRealIproute2() throws Exception {
        assertThat(IpLinkShow.render(node)).isEqualTo(resource("/iplink/flannel-node.txt"));
    }

    @Test
    void carrierFollowsPeersPortsAndTheTunReader() {
        flannel0.detach();
        port.peer().up(false);
        String out = IpLinkShow.render(node);
        assertThat(out).contains("7: flannel0: <NO-CARRIER,POINTOPOINT,MULTICAST,NOARP,UP> mtu 1472 qdisc pfifo_fast state DOWN mode DEFAULT group default qlen 500\n");
        assertThat(out).contains("6: vethaaaa0001@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1450 qdisc noqueue master cni0 state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\n");
        assertThat(out).contains("5: cni0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1450 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000\n");
        assertThat(IpLinkShow.render(pod)).startsWith("""
                1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
                    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536\s
                2: eth0@if6: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
                    link/ether a2:fa:94:73:e7:83 brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535\s
                    veth addrgenmode eui64 numtxqueues 2""");
    }

    @Test
    void fdbShowListsEachDevicesEntriesInIfindexOrder() {
        cni0.learn(MacAddress.parse("a2:fa:94:73:e7:83"), port);
        // As the real `bridge fdb show` printed it, without the devices' multicast (self) address entries.
        assertThat(BridgeFdbShow.render(node)).isEqualTo("""
                6e:00:00:00:00:0b dev flannel.1 dst 192.168.49.3 self permanent
                6e:00:00:00:00:0c dev cni0 master cni0 permanent
                a2:fa:94:73:e7:83 dev vethaaaa0001 master cni0\s
                5e:12:2a:88:00:d2 dev vethaaaa0001 master cni0 permanent
                """);
    }
}
