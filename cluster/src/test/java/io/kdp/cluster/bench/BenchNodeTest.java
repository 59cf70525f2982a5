package io.kdp.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.TraceRecorder;
import io.kdp.packet.Ip4;
import io.kdp.packet.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmark node: the real proxier's rules balance the client's packets, by decision and across the whole node. */
class BenchNodeTest {
    @ParameterizedTest
    @EnumSource(ProxyMode.class)
    void decisionsBalanceToTheServicesEndpoints(ProxyMode mode) {
        BenchNode node = BenchNode.build(mode, SyntheticServices.of(5, 2));
        for (Position pos : Position.values()) {
            int svc = node.serviceAt(pos);
            Packet p = node.decideNew(svc);
            assertThat(p).isNotNull();
            assertThat(node.isEndpointOf(svc, p.dst())).as("%s %s: %s", mode, pos, p.summary()).isTrue();
            assertThat(p.dstPort()).isEqualTo(SyntheticServices.TARGET_PORT);
            BenchNode.Connection c = node.open(svc);
            Packet q = node.decideEstablished(c);
            assertThat(q.dst()).isEqualTo(c.endpoint());
            assertThat(q.src()).isEqualTo(Ip4.parse(BenchNode.CLIENT_IP));
        }
        assertThat(node.serviceAt(Position.FIRST)).isZero();
        assertThat(node.serviceAt(Position.LAST)).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(ProxyMode.class)
    void wholeNodeForwardsToAnEndpointOnTheUplink(ProxyMode mode) {
        BenchNode node = BenchNode.build(mode, SyntheticServices.of(3, 2));
        Packet out = node.sendNew(2);
        assertThat(out).isNotNull();
        assertThat(node.isEndpointOf(2, out.dst())).isTrue();
        BenchNode.Connection c = node.open(1);
        assertThat(node.sendEstablished(c).dst()).isEqualTo(c.endpoint());
        assertThat(node.egressCount()).isEqualTo(4); // SYN; the handshake's SYN and ACK; the established packet
    }

    @Test
    void flushingTakesAnEstablishedConnectionAwayAndTheProbeReopensIt() {
        BenchNode node = BenchNode.build(ProxyMode.IPVS, SyntheticServices.of(3, 2));
        DecisionProbe est = new DecisionProbe(node, Position.LAST, ConnectionKind.ESTABLISHED);
        DecisionProbe fresh = new DecisionProbe(node, Position.LAST, ConnectionKind.NEW);
        est.run(3);
        fresh.run(3);
        fresh.reset();
        assertThat(node.ns().ipvs().connections().size()).isZero();
        assertThat(node.ns().conntrack().count()).isZero();
        est.reset();
        assertThat(node.ns().ipvs().connections().size()).isEqualTo(1);
        assertThat(est.run(2)).isEqualTo(2L * est.run(1));
    }

    @Test
    void theIptablesDecisionWalksKubeServicesToTheLastService() {
        BenchNode node = BenchNode.build(ProxyMode.IPTABLES, SyntheticServices.of(3, 2));
        TraceRecorder rec = new TraceRecorder();
        node.tracer(rec);
        node.decideNew(2);
        List<String> rules = rec.take().stream().map(Hop::steps).flatMap(List::stream)
                .filter(s -> s instanceof Step.Rule).map(s -> ((Step.Rule) s).chain() + " " + ((Step.Rule) s).number()).toList();
        assertThat(rules.get(0)).isEqualTo("PREROUTING 1");
        assertThat(rules).contains("KUBE-SERVICES 3");
        assertThat(rules).noneMatch(r -> r.startsWith("FORWARD"));
    }

    @Test
    void syntheticServicesAreInTableOrderWithDistinctAddresses() {
        SyntheticServices s = SyntheticServices.of(3, 2);
        assertThat(s.services()).extracting(svc -> svc.metadata().name()).containsExactly("svc-00000", "svc-00001", "svc-00002");
        assertThat(s.services().get(2).spec().clusterIP()).isEqualTo("172.20.0.3");
        assertThat(s.slices().get(1).endpoints()).extracting(e -> e.addresses().get(0)).containsExactly("10.1.0.3", "10.1.0.4");
        SyntheticServices changed = s.withEndpointReplaced(1);
        assertThat(changed.slices().get(1).endpoints()).extracting(e -> e.addresses().get(0)).containsExactly("10.1.0.3", "10.1.0.8");
        assertThat(changed.slices().get(0)).isEqualTo(s.slices().get(0));
        assertThat(changed.slices().get(2)).isEqualTo(s.slices().get(2));
        assertThatThrownBy(() -> SyntheticServices.of(0, 2)).isInstanceOf(IllegalArgumentException.class).hasMessage("services: 0 is not in 1..65534");
        assertThatThrownBy(() -> SyntheticServices.of(1, 101)).isInstanceOf(IllegalArgumentException.class).hasMessage("endpoints: 101 is not in 1..100");
        assertThatThrownBy(() -> ProxyMode.of("userspace")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("proxy mode \"userspace\": expected iptables, ipvs, nftables or ebpf");
    }

    @Test
    void kubeProxyDumpOfFiveThousandServicesHoldsFortyThousandRules() {
        String small = KubeProxyDump.iptablesSave(SyntheticServices.of(3, 2));
        assertThat(small).startsWith("# Generated by iptables-save").contains("-A KUBE-SERVICES -d 172.20.0.3/32 -p tcp");
        int perService = KubeProxyDump.rules(KubeProxyDump.iptablesSave(SyntheticServices.of(4, 2))) - KubeProxyDump.rules(small);
        assertThat(perService).isEqualTo(8); // KUBE-SERVICES 1, KUBE-SVC 1 + 2, two KUBE-SEP of 2
        assertThat(KubeProxyDump.rules(small) + 4997 * perService).isBetween(40_000, 40_100);
    }
}
