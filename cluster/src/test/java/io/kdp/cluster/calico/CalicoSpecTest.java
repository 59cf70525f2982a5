package io.kdp.cluster.calico;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.cluster.scenario.ScenarioException;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.cni.calico.ipam.EncapMode;
import org.junit.jupiter.api.Test;

/** The kdp.calico section: typed, strictly checked, errors naming file, line and field. */
class CalicoSpecTest {
    static String scenario(String calico) {
        return """
                kdp:
                  cni: calico
                  nodes:
                    - {name: node-a, ip: 192.168.49.2/24}
                    - {name: node-b, ip: 192.168.49.3/24}
                  calico:
                """ + calico.indent(4);
    }

    @Test
    void readsEverySetting() throws Exception {
        var c = ScenarioLoader.parse("s.yaml", scenario("ipipMode: CrossSubnet\nnatOutgoing: false\nblockSize: 28\nstrictAffinity: true\n"
                + "bgp: {routeReflectors: [node-b], clusterID: 244.0.0.9, exportHostRoutes: false}\n")).spec().calico();
        assertThat(c.ipipMode()).isEqualTo(EncapMode.CROSS_SUBNET);
        assertThat(c.natOutgoing()).isFalse();
        assertThat(c.blockSize()).isEqualTo(28);
        assertThat(c.strictAffinity()).isTrue();
        assertThat(c.routeReflectors()).containsExactly("node-b");
        assertThat(c.clusterId()).isEqualTo("244.0.0.9");
        assertThat(c.exportHostRoutes()).isFalse();
        assertThat(c.poolCidr().toString()).isEqualTo("10.244.0.0/16");
        // vxlanMode alone turns IPIP off, as a pool has one encapsulation.
        var v = ScenarioLoader.parse("s.yaml", scenario("vxlanMode: Always\n")).spec().calico();
        assertThat(v.ipipMode()).isEqualTo(EncapMode.NEVER);
        assertThat(v.vxlanMode()).isEqualTo(EncapMode.ALWAYS);
    }

    @Test
    void rejectsUnknownFieldsBadModesAndUnknownReflectors() {
        assertThatThrownBy(() -> ScenarioLoader.parse("s.yaml", scenario("ipipMode: Sometimes\n"))).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("s.yaml:7").hasMessageContaining("kdp.calico.ipipMode")
                .hasMessageContaining("'Sometimes' is not an encapsulation mode (Always, CrossSubnet or Never)");
        assertThatThrownBy(() -> ScenarioLoader.parse("s.yaml", scenario("ipipMod: Always\n"))).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("s.yaml:7").hasMessageContaining("ipipMod");
        assertThatThrownBy(() -> ScenarioLoader.parse("s.yaml", scenario("bgp: {routeReflectors: [node-z]}\n"))).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("kdp.calico.bgp.routeReflectors[0]").hasMessageContaining("\"node-z\" is not one of kdp.nodes");
        assertThatThrownBy(() -> ScenarioLoader.parse("s.yaml", scenario("ipipMode: Always\nvxlanMode: Always\n"))).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("kdp.calico.vxlanMode").hasMessageContaining("cannot both be enabled");
    }
}
