package io.kdp.cluster.calico;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.render.HostRender;
import io.kdp.cluster.scenario.ScenarioLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a Calico node's tools print: Felix's chains, BIRD's routes, Felix's VXLAN state, BIRD's birdc view. */
class CalicoGoldenTest {
    static String golden(String name) throws Exception {
        try (InputStream in = CalicoGoldenTest.class.getResourceAsStream("/golden/calico/" + name)) {
            if (in == null) throw new IllegalStateException("missing golden " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Cluster cluster(String scenario) throws Exception {
        return ClusterBuilder.build(ScenarioLoader.resolve(scenario), 1);
    }

    /** {@code iptables-save -t filter | grep cali}: Felix's own chains and rules, and its jumps from the built-ins. */
    static String felixFilter(Cluster c, String node) {
        String save = HostRender.render(c, node, "iptables");
        String filter = save.substring(save.indexOf("*filter"));
        filter = filter.substring(0, filter.indexOf("COMMIT"));
        return filter.lines().filter(l -> l.contains("cali")).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void felixFilterChainsWithPolicyOnTheServersNode() throws Exception {
        assertThat(felixFilter(cluster("calico-policy"), "node-b")).isEqualTo(golden("policy-node-b-filter.txt"));
    }

    @Test
    void felixIpSetsOnTheServersNode() throws Exception {
        assertThat(HostRender.render(cluster("calico-policy"), "node-b", "ipset")).isEqualTo(golden("policy-node-b-ipset.txt"));
    }

    @Test
    void felixNatChainsWithNatOutgoingAndTheTunnelMasquerade() throws Exception {
        String save = HostRender.render(cluster("calico-ipip"), "node-a", "iptables");
        String nat = save.substring(save.indexOf("*nat"));
        nat = nat.substring(0, nat.indexOf("COMMIT"));
        assertThat(nat.lines().filter(l -> l.contains("cali")).collect(Collectors.joining("\n", "", "\n"))).isEqualTo(golden("ipip-node-a-nat.txt"));
    }

    @Test
    void ipipRoutesFromBirdWithTheOwnBlockBlackholed() throws Exception {
        Cluster c = cluster("calico-ipip");
        assertThat(HostRender.render(c, "node-a", "routes") + HostRender.render(c, "node-a", "addr")).isEqualTo(golden("ipip-node-a-routes.txt"));
    }

    @Test
    void vxlanRoutesNeighboursAndFdbAsFelixProgramsThem() throws Exception {
        Cluster c = cluster("calico-vxlan");
        String out = HostRender.render(c, "node-a", "routes") + "--- ip neigh\n" + HostRender.render(c, "node-a", "neigh") + "--- bridge fdb\n"
                + HostRender.render(c, "node-a", "fdb") + "--- ip -d link\n" + HostRender.render(c, "node-a", "link");
        assertThat(out).isEqualTo(golden("vxlan-node-a.txt"));
    }

    @Test
    void birdcOnARouteReflectorClient() throws Exception {
        assertThat(HostRender.render(cluster("calico-bgp-route-reflector"), "node-b", "bgp")).isEqualTo(golden("rr-node-b-birdc.txt"));
    }

    @Test
    void theBgpViewNeedsBird() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostRender.render(cluster("calico-vxlan"), "node-a", "bgp"))
                .hasMessage("no BGP speaker on node-a: the bgp view needs a node of a Calico cluster running BIRD (cni calico without vxlanMode)");
    }
}
