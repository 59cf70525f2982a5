package io.kdp.cni.calico.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cni.bgp.BgpNetwork;
import io.kdp.cni.bgp.BgpSpeaker;
import io.kdp.cni.bgp.BirdShow;
import io.kdp.cni.bgp.CalicoBgpTopology;
import io.kdp.linux.RouteType;
import io.kdp.linux.route.RoutePrinter;
import io.kdp.linux.route.RoutingTable;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IPAM state through BIRD's configuration and the BGP model to each node's kernel routes. */
class CalicoBirdTest {
    static final List<String> NODES = List.of("node1", "node2", "node3", "node4", "node5");

    /** 5 nodes, a /24 pool of four /26 blocks: node5 borrows 10.244.0.1 from node1's block. */
    static CalicoIpam borrowingIpam(IpPool pool) {
        CalicoIpam ipam = new CalicoIpam(pool);
        for (String n : NODES) ipam.autoAssign(n, "pod-" + n);
        return ipam;
    }

    static List<CalicoBgpTopology.Node> bgpNodes(int count, String... rr) {
        List<CalicoBgpTopology.Node> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            CalicoBgpTopology.Node n = CalicoBgpTopology.Node.of("node" + i, "192.168.49." + (i + 1) + "/24");
            if (List.of(rr).contains(n.name())) n = n.routeReflector("244.0.0.1");
            out.add(n);
        }
        return out;
    }

    static BgpNetwork run(BgpNetwork net, CalicoIpam ipam, List<String> nodes) {
        CalicoBird.apply(net, ipam, nodes, a -> "cali" + a.handle().substring(4));
        net.converge();
        return net;
    }

    static RoutingTable table(BgpNetwork net, CalicoIpam ipam, String node) {
        return net.speaker(node).kernelTable(CalicoBird.kernelProgramming(ipam));
    }

    static String ipRoute(BgpNetwork net, CalicoIpam ipam, String node) {
        return RoutePrinter.show(table(net, ipam, node));
    }

    @Test
    void everyNodeGetsBlockRoutesAndTheBorrowedSlash32() {
        IpPool pool = IpPool.of("default-ipv4-ippool", Cidr.parse("10.244.0.0/24"));
        CalicoIpam ipam = borrowingIpam(pool);
        assertThat(ipam.borrowedBy("node5")).extracting(a -> Ip4.format(a.address())).containsExactly("10.244.0.1");
        BgpNetwork net = run(CalicoBgpTopology.fullMesh(bgpNodes(5)), ipam, NODES);
        // The block owner: blackhole for its block, beaten for the borrowed address by the /32 from node5.
        assertThat(ipRoute(net, ipam, "node1")).isEqualTo("""
            blackhole 10.244.0.0/26 proto bird\s
            10.244.0.1 via 192.168.49.6 dev eth0 proto bird\s
            10.244.0.64/26 via 192.168.49.3 dev eth0 proto bird\s
            10.244.0.128/26 via 192.168.49.4 dev eth0 proto bird\s
            10.244.0.192/26 via 192.168.49.5 dev eth0 proto bird\s
            """);
        assertThat(table(net, ipam, "node1").lookup(Ip4.parse("10.244.0.1")).type()).isEqualTo(RouteType.UNICAST);
        // The borrower has no block of its own: no blackhole; its pod's /32 is the CNI's, not BIRD's.
        assertThat(ipRoute(net, ipam, "node5")).isEqualTo("""
            10.244.0.0/26 via 192.168.49.2 dev eth0 proto bird\s
            10.244.0.64/26 via 192.168.49.3 dev eth0 proto bird\s
            10.244.0.128/26 via 192.168.49.4 dev eth0 proto bird\s
            10.244.0.192/26 via 192.168.49.5 dev eth0 proto bird\s
            """);
        assertThat(ipRoute(net, ipam, "node3")).isEqualTo("""
            10.244.0.0/26 via 192.168.49.2 dev eth0 proto bird\s
            10.244.0.1 via 192.168.49.6 dev eth0 proto bird\s
            10.244.0.64/26 via 192.168.49.3 dev eth0 proto bird\s
            blackhole 10.244.0.128/26 proto bird\s
            10.244.0.192/26 via 192.168.49.5 dev eth0 proto bird\s
            """);
        for (String n : NODES) assertThat(CalicoBird.blackholed(ipam, n, table(net, ipam, n))).as(n).isEmpty();
        // Own pods inside own blocks are not advertised: the block is (calico_aggr).
        assertThat(net.speaker("node2").adjRibOut(net.speaker("node2").neighbors().get(0)).keySet())
            .containsExactly(Cidr.parse("10.244.0.64/26"));
        assertThat(net.speaker("node5").adjRibOut(net.speaker("node5").neighbors().get(0)).keySet())
            .containsExactly(Cidr.parse("10.244.0.1/32"));
    }

    /**
     * projectcalico/calico#3246: when the borrowing node's /32 is missing (here: filtered out of its
     * export), the owner's blackhole wins for the borrowed address, and the other nodes' block
     * route leads to the owner, which drops it.
     */
    @Test
    void withoutTheSlash32TheOwnersBlackholeSwallowsTheBorrowedAddress() {
        IpPool pool = IpPool.of("default-ipv4-ippool", Cidr.parse("10.244.0.0/24"));
        CalicoIpam ipam = borrowingIpam(pool);
        BgpNetwork net = CalicoBgpTopology.fullMesh(bgpNodes(5));
        CalicoBird.apply(net, ipam, NODES, a -> "cali" + a.handle().substring(4));
        BgpSpeaker node5 = net.speaker("node5");
        node5.setExportFilter(node5.exportFilter().and((s, to, r) -> r.prefix().prefixLength() != 32));
        net.converge();
        RoutingTable owner = table(net, ipam, "node1");
        assertThat(RoutePrinter.format(owner.lookup(Ip4.parse("10.244.0.1")), false)).isEqualTo("blackhole 10.244.0.0/26 proto bird ");
        assertThat(CalicoBird.blackholed(ipam, "node1", owner)).extracting(a -> Ip4.format(a.address())).containsExactly("10.244.0.1");
        RoutingTable other = table(net, ipam, "node3");
        assertThat(RoutePrinter.format(other.lookup(Ip4.parse("10.244.0.1")), false))
            .isEqualTo("10.244.0.0/26 via 192.168.49.2 dev eth0 proto bird ");
        assertThat(ipRoute(net, ipam, "node3")).doesNotContain("10.244.0.1 ");
    }

    /**
     * With a route reflector that owns the block, calico_aggr in the reflector's own export filter
     * rejects the borrowed /32 (it lies inside the reflector's block): clients only have the
     * block route, so their traffic detours through the owner, whose /32 still forwards it.
     */
    @Test
    void aReflectorOwningTheBlockDoesNotReflectTheBorrowedSlash32() {
        IpPool pool = IpPool.of("default-ipv4-ippool", Cidr.parse("10.244.0.0/24"));
        CalicoIpam ipam = borrowingIpam(pool);
        BgpNetwork net = run(CalicoBgpTopology.routeReflectors(bgpNodes(5, "node1")), ipam, NODES);
        assertThat(ipRoute(net, ipam, "node1")).contains("10.244.0.1 via 192.168.49.6 dev eth0 proto bird ");
        assertThat(ipRoute(net, ipam, "node3")).isEqualTo("""
            10.244.0.0/26 via 192.168.49.2 dev eth0 proto bird\s
            10.244.0.64/26 via 192.168.49.3 dev eth0 proto bird\s
            blackhole 10.244.0.128/26 proto bird\s
            10.244.0.192/26 via 192.168.49.5 dev eth0 proto bird\s
            """);
        for (String n : NODES) assertThat(CalicoBird.blackholed(ipam, n, table(net, ipam, n))).as(n).isEmpty();
        // A reflector that owns no block reflects it, and the routes match the full mesh.
        BgpNetwork mesh = run(CalicoBgpTopology.fullMesh(bgpNodes(6)), ipamFor6(), nodes6());
        BgpNetwork rr = run(CalicoBgpTopology.routeReflectors(bgpNodes(6, "node6")), ipamFor6(), nodes6());
        for (String n : nodes6()) assertThat(ipRoute(rr, ipamFor6(), n)).as(n).isEqualTo(ipRoute(mesh, ipamFor6(), n));
    }

    static List<String> nodes6() {
        return List.of("node1", "node2", "node3", "node4", "node5", "node6");
    }

    /** node6 (the reflector) runs no pods; node5 borrows from node1. */
    static CalicoIpam ipamFor6() {
        return borrowingIpam(IpPool.of("default-ipv4-ippool", Cidr.parse("10.244.0.0/24")));
    }

    @Test
    void ipipAlwaysRoutesThroughTunl0Onlink() {
        CalicoIpam ipam = borrowingIpam(IpPool.of("p", Cidr.parse("10.244.0.0/24")).withIpipMode(EncapMode.ALWAYS));
        BgpNetwork net = run(CalicoBgpTopology.fullMesh(bgpNodes(5)), ipam, NODES);
        assertThat(ipRoute(net, ipam, "node2")).isEqualTo("""
            10.244.0.0/26 via 192.168.49.2 dev tunl0 proto bird onlink\s
            10.244.0.1 via 192.168.49.6 dev tunl0 proto bird onlink\s
            blackhole 10.244.0.64/26 proto bird\s
            10.244.0.128/26 via 192.168.49.4 dev tunl0 proto bird onlink\s
            10.244.0.192/26 via 192.168.49.5 dev tunl0 proto bird onlink\s
            """);
    }

    @Test
    void crossSubnetEncapsulatesOnlyAcrossSubnets() {
        CalicoIpam ipam = new CalicoIpam(IpPool.of("p", Cidr.parse("10.244.0.0/24")).withIpipMode(EncapMode.CROSS_SUBNET));
        List<String> nodes = List.of("node1", "node2", "node3");
        for (String n : nodes) ipam.autoAssign(n, "pod-" + n);
        BgpNetwork net = CalicoBgpTopology.fullMesh(List.of(CalicoBgpTopology.Node.of("node1", "192.168.49.2/24"),
            CalicoBgpTopology.Node.of("node2", "192.168.49.3/24"), CalicoBgpTopology.Node.of("node3", "192.168.50.2/24")));
        run(net, ipam, nodes);
        assertThat(ipRoute(net, ipam, "node1")).isEqualTo("""
            blackhole 10.244.0.0/26 proto bird\s
            10.244.0.64/26 via 192.168.49.3 dev eth0 proto bird\s
            10.244.0.128/26 via 192.168.50.2 dev tunl0 proto bird onlink\s
            """);
    }

    @Test
    void vxlanPoolRoutesAreLeftToFelix() {
        CalicoIpam ipam = borrowingIpam(IpPool.of("p", Cidr.parse("10.244.0.0/24")).withVxlanMode(EncapMode.ALWAYS));
        BgpNetwork net = run(CalicoBgpTopology.fullMesh(bgpNodes(5)), ipam, NODES);
        assertThat(table(net, ipam, "node1").size()).isZero();
        // BIRD still learns and advertises them.
        assertThat(net.speaker("node1").locRib()).hasSize(6);
    }

    @Test
    void birdcShowRouteAndProtocolsGolden() throws IOException {
        CalicoIpam ipam = new CalicoIpam(IpPool.of("default-ipv4-ippool", Cidr.parse("10.244.0.0/25")));
        List<String> nodes = List.of("node1", "node2", "node3");
        for (String n : nodes) ipam.autoAssign(n, "pod-" + n);
        BgpNetwork mesh = run(CalicoBgpTopology.fullMesh(bgpNodes(3)), ipam, nodes);
        assertThat(BirdShow.showRoute(mesh.speaker("node1"))).isEqualTo(golden("bird-mesh-node1-show-route.txt"));
        assertThat(BirdShow.showProtocols(mesh.speaker("node1"))).isEqualTo(golden("bird-mesh-node1-show-protocols.txt"));
        // A dedicated reflector node4 without pods: reflected paths show "from", ORIGINATOR_ID and CLUSTER_LIST.
        BgpNetwork rr = run(CalicoBgpTopology.routeReflectors(bgpNodes(4, "node4")), ipam, List.of("node1", "node2", "node3", "node4"));
        assertThat(BirdShow.showRouteAll(rr.speaker("node2"))).isEqualTo(golden("bird-rr-node2-show-route-all.txt"));
    }

    static String golden(String name) throws IOException {
        try (InputStream in = CalicoBirdTest.class.getResourceAsStream("/bgp/" + name)) {
            if (in == null) throw new IOException("missing golden /bgp/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
