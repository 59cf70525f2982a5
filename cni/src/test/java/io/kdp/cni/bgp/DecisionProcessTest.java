package io.kdp.cni.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each step of best-path selection decides on its own when every earlier step ties. */
class DecisionProcessTest {
    static final Cidr P = Cidr.parse("10.244.1.0/26");
    static final long AS = 64512;
    Neighbor low, high, ext, ext2;

    @BeforeEach
    void setUp() {
        BgpNetwork net = new BgpNetwork();
        BgpSpeaker self = net.add(new BgpSpeaker("self", Cidr.parse("192.168.49.2/24"), AS));
        BgpSpeaker a = net.add(new BgpSpeaker("a", Cidr.parse("192.168.49.3/24"), AS));
        BgpSpeaker b = net.add(new BgpSpeaker("b", Cidr.parse("192.168.49.4/24"), AS));
        BgpSpeaker x = net.add(new BgpSpeaker("x", Cidr.parse("192.168.49.5/24"), 64513));
        BgpSpeaker y = net.add(new BgpSpeaker("y", Cidr.parse("192.168.49.6/24"), 64514));
        low = net.connect(self, "a", false, a, "self", false);
        high = net.connect(self, "b", false, b, "self", false);
        ext = net.connect(self, "x", false, x, "self", false);
        ext2 = net.connect(self, "y", false, y, "self", false);
    }

    static PathAttributes base() {
        return PathAttributes.originated(Ip4.parse("192.168.49.3"));
    }

    static BgpRoute r(PathAttributes a, Neighbor n) {
        return new BgpRoute(P, a, n, null);
    }

    static DecisionProcess.Result cmp(BgpRoute better, BgpRoute worse) {
        DecisionProcess.Result res = DecisionProcess.compare(better, worse, AS);
        assertThat(res.firstWins()).as("first wins").isTrue();
        assertThat(DecisionProcess.compare(worse, better, AS).sign()).as("antisymmetric").isPositive();
        return res;
    }

    @Test
    void aLocalRouteBeatsALearnedOneOnPreference() {
        BgpRoute local = new BgpRoute(P, base(), null, LocalRoute.staticBlackhole(P));
        assertThat(cmp(local, r(base().withLocalPref(500), low)).step()).isEqualTo(DecisionStep.PREFERENCE);
        BgpRoute kernel = new BgpRoute(P, base(), null, LocalRoute.kernelLearned(P, "cali1"));
        assertThat(cmp(r(base(), low), kernel).step()).as("kernel 10 < BGP 100").isEqualTo(DecisionStep.PREFERENCE);
    }

    @Test
    void highestLocalPref() {
        assertThat(cmp(r(base().withLocalPref(200), high), r(base(), low)).step()).isEqualTo(DecisionStep.LOCAL_PREF);
    }

    @Test
    void shortestAsPath() {
        assertThat(cmp(r(base().withAsPath(AsPath.of(64513)), high), r(base().withAsPath(AsPath.of(64513, 64515)), low)).step())
            .isEqualTo(DecisionStep.AS_PATH_LENGTH);
    }

    @Test
    void lowestOrigin() {
        assertThat(cmp(r(base().withOrigin(Origin.EGP), high), r(base().withOrigin(Origin.INCOMPLETE), low)).step())
            .isEqualTo(DecisionStep.ORIGIN);
    }

    @Test
    void lowestMedOnlyBetweenPathsFromTheSameNeighbourAs() {
        assertThat(cmp(r(base().withMed(5), high), r(base().withMed(10), low)).step()).isEqualTo(DecisionStep.MED);
        // A missing MED counts as 0.
        assertThat(cmp(r(base(), high), r(base().withMed(1), low)).step()).isEqualTo(DecisionStep.MED);
        // Different neighbouring ASes: MED is skipped, eBGP and the router ID decide.
        BgpRoute fromX = r(base().withAsPath(AsPath.of(64513)).withMed(50), ext);
        BgpRoute fromY = r(base().withAsPath(AsPath.of(64514)).withMed(1), ext2);
        assertThat(cmp(fromX, fromY).step()).isEqualTo(DecisionStep.ROUTER_ID);
    }

    @Test
    void ebgpOverIbgp() {
        BgpRoute e = r(base().withAsPath(AsPath.of(64513)), ext);
        BgpRoute i = r(base().withAsPath(AsPath.of(64513)), low);
        assertThat(cmp(e, i).step()).isEqualTo(DecisionStep.EBGP_OVER_IBGP);
    }

    @Test
    void lowestRouterIdOrOriginatorId() {
        assertThat(cmp(r(base(), low), r(base(), high)).step()).isEqualTo(DecisionStep.ROUTER_ID);
        // Reflected by b, originated by 192.168.49.1: the ORIGINATOR_ID stands in for b's router ID.
        BgpRoute reflected = r(base().reflected(Ip4.parse("192.168.49.1"), Ip4.parse("244.0.0.1")), high);
        BgpRoute direct = r(base(), low);
        assertThat(cmp(reflected, direct).step()).isEqualTo(DecisionStep.ROUTER_ID);
    }

    @Test
    void shortestClusterList() {
        int orig = Ip4.parse("192.168.49.9");
        BgpRoute one = r(base().reflected(orig, Ip4.parse("244.0.0.1")), high);
        BgpRoute two = r(base().reflected(orig, Ip4.parse("244.0.0.2")).reflected(orig, Ip4.parse("244.0.0.1")), low);
        assertThat(two.attributes().clusterList()).containsExactly(Ip4.parse("244.0.0.1"), Ip4.parse("244.0.0.2"));
        assertThat(cmp(one, two).step()).isEqualTo(DecisionStep.CLUSTER_LIST_LENGTH);
    }

    @Test
    void lowestPeerAddress() {
        int orig = Ip4.parse("192.168.49.9");
        BgpRoute viaA = r(base().reflected(orig, 1), low);
        BgpRoute viaB = r(base().reflected(orig, 1), high);
        assertThat(cmp(viaA, viaB).step()).isEqualTo(DecisionStep.PEER_ADDRESS);
        assertThat(DecisionProcess.compare(viaA, viaA, AS).step()).isEqualTo(DecisionStep.EQUAL);
    }

    @Test
    void theLocRibOrdersPathsBestFirst() {
        BgpSpeaker self = low.local();
        int orig = Ip4.parse("192.168.49.9");
        self.receive(high, UpdateMessage.announce(base().reflected(orig, 1), List.of(P)));
        self.receive(low, UpdateMessage.announce(base().reflected(orig, 1).withLocalPref(50), List.of(P)));
        self.recomputeLocRib();
        assertThat(self.locRib().get(P)).extracting(x -> x.from().name()).containsExactly("b", "a");
    }
}
