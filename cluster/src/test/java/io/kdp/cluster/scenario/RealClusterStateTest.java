package io.kdp.cluster.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.Scenarios;
import io.kdp.cluster.trace.ConnectionTracer;
import io.kdp.packet.Ip4;
import org.junit.jupiter.api.Test;

/** A scenario that is the output of kubectl get nodes,pods,services,endpointslices -A -o yaml. */
class RealClusterStateTest {
    static final String DUMP = Scenarios.text("/scenarios/kubectl-get-all.yaml");

    @Test
    void withoutAKdpSectionEverythingIsInferredAndSaid() throws Exception {
        Scenario s = ScenarioLoader.parse("dump.yaml", DUMP);
        assertThat(s.spec().nodes()).extracting(ClusterSpec.NodeSpec::name).containsExactly("kind-control-plane", "kind-worker");
        assertThat(s.spec().nodes().get(1).ip().toString()).isEqualTo("172.18.0.3/24");
        assertThat(s.spec().nodes().get(1).podCIDR().toString()).isEqualTo("10.244.1.0/24");
        assertThat(s.spec().clusterCIDR().toString()).isEqualTo("10.244.0.0/16");
        assertThat(s.spec().serviceCIDR().toString()).isEqualTo("10.96.0.0/12");
        assertThat(s.spec().proxyMode()).isEqualTo("iptables");
        assertThat(s.notes()).containsExactly(
                "dump.yaml:359: kind Deployment (apps/v1) is not modelled; ignored",
                "proxyMode: assumed iptables (kube-proxy's mode is in its ConfigMap, not in these objects)",
                "clusterCIDR: assumed 10.244.0.0/16, the smallest /16 or wider prefix covering every node's podCIDR (kube-proxy's --cluster-cidr is not in the API)",
                "serviceCIDR: assumed 10.96.0.0/12 (covers every ClusterIP; the service range is a kube-apiserver flag, not in the API)",
                "nodes: taken from the Node objects; each node's InternalIP assumed to be on a /24 shared with the others");
    }

    @Test
    void theDumpsPodsAddressesAndEndpointSlicesAreUsedAsTheyAre() throws Exception {
        Cluster c = ClusterBuilder.build(ScenarioLoader.parse("dump.yaml", DUMP), 1);
        assertThat(Ip4.format(c.pod("default/web-7d4b9c8f6d-x2x7q").ip())).isEqualTo("10.244.1.5");
        var t = new ConnectionTracer(c).trace("kind-control-plane", "svc/default/web:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        assertThat(t.destination()).isEqualTo("10.96.45.12:80");
    }

    @Test
    void aSmallKdpSectionOverridesWhatItSays() throws Exception {
        Scenario s = ScenarioLoader.parse("dump.yaml", "kdp:\n  clusterCIDR: 10.244.0.0/16\n  proxyMode: iptables\n---\n" + DUMP);
        assertThat(s.notes()).noneMatch(n -> n.startsWith("clusterCIDR") || n.startsWith("proxyMode"));
        assertThat(s.spec().nodes()).hasSize(2);
    }
}
