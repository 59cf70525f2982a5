package io.kdp.kubeproxy.nftables;

import static io.kdp.kubeproxy.Fixtures.port;
import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.k8s.model.Protocol;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.nftables.NftException;
import io.kdp.linux.nftables.NftFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading syncs into a node's emulated nftables: sysctls, partial syncs against the node's table, recovery after a failed load. */
class NftablesApplyTest {
    static final ProxyState ONE = ProxyState.build("node-a", List.of(svc("default", "web", "10.96.0.10").port(port("http", Protocol.TCP, 80, 0)).build()),
            List.of(slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.1.5", "node-b").build()));
    static final ProxyState TWO = ProxyState.build("node-a", List.of(svc("default", "web", "10.96.0.10").port(port("http", Protocol.TCP, 80, 0)).build()),
            List.of(slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.1.5", "node-b").ready("10.244.2.5", "node-c").build()));

    static NetNamespace node() {
        return new NetNamespace("node-a", new Backlog(new Clock(0)), 1);
    }

    @Test
    void applyLoadsTheTableAndSetsTheSysctlsThenSyncsPartially() {
        NetNamespace node = node();
        NftablesProxier p = NftablesGoldenTest.proxier();
        assertThat(p.apply(node, ONE).fullSync()).isTrue();
        assertThat(node.sysctls().get("net.netfilter.nf_conntrack_tcp_timeout_established")).isEqualTo("86400");
        assertThat(node.nftables().table(NftFamily.IP, "kube-proxy").chains()).hasSize(16 + 2); // 8 base, 8 top-level, service and endpoint chain
        NftablesSyncResult second = p.apply(node, TWO);
        assertThat(second.fullSync()).isFalse();
        // the same lines as a fresh full sync lists (the new endpoint chain was created later, so it is listed later)
        assertThat(node.nftables().listRuleset()).contains("numgen random mod 2 vmap");
        assertThat(sortedLines(node.nftables().listRuleset())).isEqualTo(sortedLines(list(NftablesGoldenTest.proxier().sync(TWO))));
    }

    @Test
    void aFailedLoadChangesNothingAndTheNextSyncIsFull() {
        NetNamespace node = node();
        // something else owns a set of that name with another type: "add set" fails with EEXIST, the batch rolls back
        node.nftables().load("add table ip kube-proxy\nadd set ip kube-proxy cluster-ips { type inet_service ; }\n");
        NftablesProxier p = NftablesGoldenTest.proxier();
        assertThatThrownBy(() -> p.apply(node, ONE)).isInstanceOf(NftException.class).hasMessageContaining("File exists");
        assertThat(node.nftables().table(NftFamily.IP, "kube-proxy").chains()).isEmpty();
        node.nftables().load("delete set ip kube-proxy cluster-ips\n");
        NftablesSyncResult retry = p.apply(node, ONE);
        assertThat(retry.fullSync()).isTrue();
        assertThat(node.nftables().listRuleset()).isEqualTo(list(NftablesGoldenTest.proxier().sync(ONE)));
    }

    private static List<String> sortedLines(String s) {
        return s.lines().sorted().toList();
    }

    private static String list(NftablesSyncResult r) {
        return NftablesGoldenTest.list(r.transactionText());
    }
}
