package io.kdp.kubeproxy.iptables;

import io.kdp.kubeproxy.Golden;

import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;
import static io.kdp.kubeproxy.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.kubeproxy.ProxyState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Partial syncs (MinimizeIPTablesRestore, default since v1.28). */
class PartialSyncTest {
    static final List<Service> SVCS = List.of(svc("default", "api", "10.96.0.51").port(tcp("http", 80)).build(),
            svc("default", "web", "10.96.0.50").port(tcp("http", 80)).build());

    static List<EndpointSlice> slices(String webIP) {
        return List.of(slice("default", "api").port("http", Protocol.TCP, 8080).ready("10.244.2.9", "node-b").build(),
                slice("default", "web").port("http", Protocol.TCP, 8080).ready(webIP, "node-a").build());
    }

    @Test
    void firstSyncIsFullAndEnsuresJumps() {
        IptablesSyncResult r = new IptablesProxier(IptablesGoldenTest.defaults().build()).sync(ProxyState.build("node-a", SVCS, slices("10.244.1.5")));
        assertThat(r.fullSync()).isTrue();
        assertThat(r.ensuredRules()).hasSize(14);
        assertThat(r.ensuredChains()).extracting(EnsuredChain::command).startsWith("-t mangle -N KUBE-PROXY-CANARY");
    }

    @Test
    void partialSyncRewritesOnlyChangedServiceChainsAndDeletesStaleOnes() {
        IptablesProxier p = new IptablesProxier(IptablesGoldenTest.defaults().build());
        p.sync(ProxyState.build("node-a", SVCS, slices("10.244.1.5")));
        IptablesSyncResult r = p.sync(ProxyState.build("node-a", SVCS, slices("10.244.1.6")));
        assertThat(r.fullSync()).isFalse();
        assertThat(r.ensuredRules()).isEmpty();
        String resource = "iptables/partial-sync.txt";
        Golden.update(resource, """
                # Partial sync after default/web's endpoint moved from 10.244.1.5 to 10.244.1.6: the top-level chains and the
                # filter table are rewritten in full, only web's KUBE-SVC/KUBE-SEP chains are declared and filled (api's are
                # skipped), and the old KUBE-SEP chain gets a chain line and -X before the final KUBE-SERVICES rule.
                """, r.restoreText());
        assertThat(r.restoreText()).isEqualTo(Golden.read(resource));
        assertThat(r.skippedNatRules()).isEqualTo(4); // api: its masquerade rule, one endpoint rule, two KUBE-SEP rules
    }

    @Test
    void unchangedSyncWritesNoServiceChainsAndFullSyncOnRequest() {
        IptablesProxier p = new IptablesProxier(IptablesGoldenTest.defaults().build());
        ProxyState s = ProxyState.build("node-a", SVCS, slices("10.244.1.5"));
        IptablesSyncResult full = p.sync(s);
        IptablesSyncResult partial = p.sync(s);
        assertThat(partial.restoreText()).doesNotContain(":KUBE-SVC-").doesNotContain(":KUBE-SEP-")
                .contains("-A KUBE-SERVICES -m comment --comment \"default/web:http cluster IP\"");
        assertThat(partial.activeNatChains()).isEqualTo(full.activeNatChains());
        p.requestFullSync();
        assertThat(p.sync(s).restoreText()).isEqualTo(full.restoreText());
    }

    @Test
    void deletedServiceChainsAreRemoved() {
        IptablesProxier p = new IptablesProxier(IptablesGoldenTest.defaults().build());
        IptablesSyncResult first = p.sync(ProxyState.build("node-a", SVCS, slices("10.244.1.5")));
        IptablesSyncResult r = p.sync(ProxyState.build("node-a", SVCS.subList(0, 1), slices("10.244.1.5")));
        assertThat(r.deletedNatChains()).containsExactlyInAnyOrder("KUBE-SVC-CDGGSHYLG3RE2FKL",
                first.activeNatChains().stream().filter(c -> c.startsWith("KUBE-SEP-") && r.restoreText().contains("-X " + c)).findFirst().orElseThrow());
        assertThat(r.restoreText()).contains(":KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]\n").contains("-X KUBE-SVC-CDGGSHYLG3RE2FKL\n");
    }
}
