package io.kdp.cni.bgp;

import static io.kdp.cni.bgp.BgpFixtures.block;
import static io.kdp.cni.bgp.BgpFixtures.ipRoute;
import static io.kdp.cni.bgp.BgpFixtures.nodes;
import static io.kdp.cni.bgp.BgpFixtures.withBlocks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BgpConvergenceTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void aFullMeshGivesEveryNodeEveryOtherBlockViaItsOwner(int n) {
        BgpNetwork net = withBlocks(CalicoBgpTopology.fullMesh(nodes(n)));
        net.converge();
        int i = 1;
        for (BgpSpeaker s : net.speakers()) {
            assertThat(s.neighbors()).hasSize(n - 1);
            assertThat(s.locRib()).hasSize(n);
            for (int j = 1; j <= n; j++) {
                BgpRoute best = s.best(block(j));
                if (j == i) {
                    assertThat(best.isLocal()).isTrue();
                } else {
                    assertThat(Ip4.format(best.attributes().nextHop())).isEqualTo("192.168.49." + (j + 1));
                    assertThat(best.from().remote().name()).isEqualTo("node" + j);
                    // iBGP-learned routes are not passed on in a mesh: one path per prefix.
                    assertThat(s.locRib().get(block(j))).hasSize(1);
                }
            }
            i++;
        }
        assertThat(ipRoute(net.speaker("node2"))).isEqualTo(n == 3
            ? """
              10.244.0.0/26 via 192.168.49.2 dev eth0 proto bird\s
              blackhole 10.244.0.64/26 proto bird\s
              10.244.0.128/26 via 192.168.49.4 dev eth0 proto bird\s
              """
            : """
              10.244.0.0/26 via 192.168.49.2 dev eth0 proto bird\s
              blackhole 10.244.0.64/26 proto bird\s
              10.244.0.128/26 via 192.168.49.4 dev eth0 proto bird\s
              10.244.0.192/26 via 192.168.49.5 dev eth0 proto bird\s
              10.244.1.0/26 via 192.168.49.6 dev eth0 proto bird\s
              """);
    }

    /** The required check: route reflectors produce the same kernel routes as the full mesh. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void routeReflectorsGiveTheSameRoutesAsTheFullMesh(int reflectors) {
        List<CalicoBgpTopology.Node> nodes = nodes(6);
        BgpNetwork mesh = withBlocks(CalicoBgpTopology.fullMesh(nodes));
        mesh.converge();
        for (int r = 0; r < reflectors; r++) nodes.set(r, nodes.get(r).routeReflector("244.0.0.1"));
        BgpNetwork rr = withBlocks(CalicoBgpTopology.routeReflectors(nodes));
        rr.converge();
        for (BgpSpeaker s : mesh.speakers()) {
            BgpSpeaker t = rr.speaker(s.name());
            assertThat(ipRoute(t)).as(s.name()).isEqualTo(ipRoute(s));
            assertThat(t.kernelRoutes(KernelRouteMapper.viaUplink(0))).hasSize(6);
        }
        // Clients peer only with the reflectors.
        assertThat(rr.speaker("node4").neighbors()).extracting(Neighbor::name)
            .containsExactlyElementsOf(reflectors == 1 ? List.of("Node_192_168_49_2") : List.of("Node_192_168_49_2", "Node_192_168_49_3"));
        // Reflected paths keep the originator's next hop and carry ORIGINATOR_ID and CLUSTER_LIST.
        BgpRoute viaRr = rr.speaker("node4").best(block(5));
        assertThat(Ip4.format(viaRr.attributes().nextHop())).isEqualTo("192.168.49.6");
        assertThat(Ip4.format(viaRr.attributes().originatorId())).isEqualTo("192.168.49.6");
        assertThat(viaRr.attributes().clusterList()).containsExactly(Ip4.parse("244.0.0.1"));
        assertThat(viaRr.from().name()).isEqualTo("Node_192_168_49_2");
        if (reflectors == 2) {
            // Two paths, one per reflector, with the same ORIGINATOR_ID and CLUSTER_LIST: the lower peer address wins.
            List<BgpRoute> paths = rr.speaker("node4").locRib().get(block(5));
            assertThat(paths).hasSize(2);
            assertThat(DecisionProcess.compare(paths.get(0), paths.get(1), 64512).step()).isEqualTo(DecisionStep.PEER_ADDRESS);
        }
    }

    /** RR1 reflects a client's route to RR2 (same cluster, plain iBGP): RR2 finds its cluster ID in CLUSTER_LIST and drops it. */
    @Test
    void clusterListStopsReflectionLoopsBetweenReflectorsOfOneCluster() {
        List<CalicoBgpTopology.Node> nodes = nodes(4);
        nodes.set(0, nodes.get(0).routeReflector("244.0.0.1"));
        nodes.set(1, nodes.get(1).routeReflector("244.0.0.1"));
        BgpNetwork net = withBlocks(CalicoBgpTopology.routeReflectors(nodes));
        net.converge();
        BgpSpeaker rr1 = net.speaker("node1"), rr2 = net.speaker("node2");
        assertThat(rr1.neighbor("Node_192_168_49_4").rrClient()).isTrue();
        assertThat(rr1.neighbor("Node_192_168_49_4").reverse().rrClient()).isFalse();
        assertThat(rr1.neighbor("Node_192_168_49_3").rrClient()).as("same cluster: plain iBGP").isFalse();
        assertThat(rr2.neighbor("Node_192_168_49_2").rrClient()).isFalse();
        assertThat(rr2.rejections()).containsExactly(
            new LoopRejection("node2", "Node_192_168_49_2", block(3), LoopRejection.Reason.CLUSTER_LIST),
            new LoopRejection("node2", "Node_192_168_49_2", block(4), LoopRejection.Reason.CLUSTER_LIST));
        assertThat(rr1.rejections()).extracting(LoopRejection::prefix).containsExactly(block(3), block(4));
        // Each reflector keeps the direct path only.
        assertThat(rr2.locRib().get(block(3))).singleElement().satisfies(r -> assertThat(r.from().name()).isEqualTo("Node_192_168_49_4"));
        // Reflector-originated routes go to the other reflector (non-client to non-client is allowed for local routes).
        assertThat(Ip4.format(rr2.best(block(1)).attributes().nextHop())).isEqualTo("192.168.49.2");
    }

    @Test
    void originatorIdAndAsPathLoopsAreDiscardedOnReceipt() {
        BgpNetwork net = new BgpNetwork();
        BgpSpeaker a = net.add(new BgpSpeaker("a", Cidr.parse("192.168.49.2/24"), 64512));
        BgpSpeaker b = net.add(new BgpSpeaker("b", Cidr.parse("192.168.49.3/24"), 64512));
        BgpSpeaker x = net.add(new BgpSpeaker("x", Cidr.parse("192.168.49.9/24"), 64513));
        Neighbor ab = net.connect(a, "to_b", false, b, "to_a", false);
        Neighbor ax = net.connect(a, "to_x", false, x, "to_a", false);
        Cidr p = Cidr.parse("10.1.0.0/24");
        a.receive(ab, UpdateMessage.announce(PathAttributes.originated(b.address()).reflected(a.routerId(), Ip4.parse("1.1.1.1")), List.of(p)));
        a.receive(ax, UpdateMessage.announce(PathAttributes.originated(x.address()).withAsPath(AsPath.of(64513, 64512)), List.of(p)));
        assertThat(a.rejections()).extracting(LoopRejection::reason)
            .containsExactly(LoopRejection.Reason.ORIGINATOR_ID, LoopRejection.Reason.AS_PATH);
        assertThat(a.adjRibIn(ab)).isEmpty();
        assertThat(a.adjRibIn(ax)).isEmpty();
        a.receive(ax, UpdateMessage.announce(PathAttributes.originated(x.address()).withLocalPref(-1).withAsPath(AsPath.of(64513)), List.of(p)));
        assertThat(a.adjRibIn(ax).get(p).localPref()).as("LOCAL_PREF set on import from eBGP").isEqualTo(100);
    }

    @Test
    void releasingABlockWithdrawsItEverywhere() {
        BgpNetwork net = withBlocks(CalicoBgpTopology.fullMesh(nodes(3)));
        net.converge();
        net.clearDeliveries();
        assertThat(net.speaker("node2").removeLocalRoute(block(2))).isTrue();
        int rounds = net.converge();
        assertThat(rounds).isEqualTo(2);
        assertThat(net.deliveries()).containsExactly(
            new BgpNetwork.Delivery(1, "node2", "node1", "Mesh_192_168_49_2", UpdateMessage.withdraw(List.of(block(2)))),
            new BgpNetwork.Delivery(1, "node2", "node3", "Mesh_192_168_49_4", UpdateMessage.withdraw(List.of(block(2)))));
        for (BgpSpeaker s : net.speakers()) assertThat(s.best(block(2))).as(s.name()).isNull();
        assertThat(ipRoute(net.speaker("node1"))).isEqualTo("""
            blackhole 10.244.0.0/26 proto bird\s
            10.244.0.128/26 via 192.168.49.4 dev eth0 proto bird\s
            """);
    }

    @Test
    void updatesGroupPrefixesSharingAttributes() {
        BgpNetwork net = CalicoBgpTopology.fullMesh(nodes(2));
        BgpSpeaker n1 = net.speaker("node1");
        n1.addLocalRoute(LocalRoute.staticBlackhole(Cidr.parse("10.244.0.0/26")));
        n1.addLocalRoute(LocalRoute.staticBlackhole(Cidr.parse("10.244.0.64/26")));
        assertThat(net.converge()).isEqualTo(2);
        assertThat(net.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.update().nlri()).containsExactly(Cidr.parse("10.244.0.0/26"), Cidr.parse("10.244.0.64/26"));
            assertThat(d.update().attributes()).isEqualTo(PathAttributes.originated(Ip4.parse("192.168.49.2")));
        });
    }

    @Test
    void externalPeersGetTheBlocksWithTheClusterAsAndTheNodeAsNextHop() {
        BgpNetwork net = withBlocks(CalicoBgpTopology.build(nodes(2), 64512, true, false,
            List.of(new CalicoBgpTopology.ExternalPeer("tor", Cidr.parse("192.168.49.1/24"), 64513))));
        net.converge();
        BgpSpeaker tor = net.speaker("tor");
        assertThat(net.speaker("node1").neighbors()).extracting(Neighbor::name).containsExactly("Mesh_192_168_49_3", "Global_192_168_49_1");
        // Every node passes the iBGP-learned blocks on to the eBGP peer (calico_export_to_bgp_peers accepts
        // anything in a pool), next hop self: the ToR has one path per node; node1's wins on the router ID.
        List<BgpRoute> paths = tor.locRib().get(block(2));
        assertThat(paths).extracting(p -> Ip4.format(p.attributes().nextHop())).containsExactly("192.168.49.2", "192.168.49.3");
        assertThat(paths).allSatisfy(p -> assertThat(p.attributes().asPath()).isEqualTo(AsPath.of(64512)));
        assertThat(DecisionProcess.compare(paths.get(0), paths.get(1), 64513).step()).isEqualTo(DecisionStep.ROUTER_ID);
        // The nodes prefer nothing from the ToR over their own routes; the ToR's paths never loop back.
        assertThat(net.speaker("node1").locRib().get(block(2))).hasSize(1);
        assertThat(net.speaker("node1").rejections()).extracting(LoopRejection::reason).containsOnly(LoopRejection.Reason.AS_PATH);
    }

    @Test
    void configurationErrors() {
        BgpNetwork net = new BgpNetwork();
        BgpSpeaker a = net.add(new BgpSpeaker("a", Cidr.parse("192.168.49.2/24"), 64512));
        BgpSpeaker x = net.add(new BgpSpeaker("x", Cidr.parse("192.168.49.9/24"), 64513));
        assertThatThrownBy(() -> net.add(new BgpSpeaker("b", Cidr.parse("192.168.49.2/24"), 64512)))
            .hasMessage("speakers a and b have the same address");
        assertThatThrownBy(() -> net.connect(a, "p", true, x, "q", false))
            .hasMessage("only an internal neighbor can be an RR client (a AS64512, x AS64513)");
        net.connect(a, "p", false, x, "q", false);
        assertThatThrownBy(() -> net.connect(a, "p2", false, x, "q2", false)).hasMessage("speaker a already peers with x");
        assertThatThrownBy(() -> a.addLocalRoute(LocalRoute.kernelLearned(Cidr.parse("10.0.0.0/24"), "")))
            .hasMessage("unicast local route 10.0.0.0/24 needs a device");
        assertThatThrownBy(() -> net.speaker("zz")).hasMessage("no BGP speaker zz");
    }
}
