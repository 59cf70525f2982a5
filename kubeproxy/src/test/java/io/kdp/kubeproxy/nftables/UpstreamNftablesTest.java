package io.kdp.kubeproxy.nftables;

import io.kdp.kubeproxy.Golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reproduces kube-proxy's own TestOverallNFTablesRules (pkg/proxy/nftables/proxier_test.go): the same six services
 * and slices, with NewFakeProxier's settings (pod CIDR 10.0.0.0/8, service CIDR 172.30.0.0/16, NodePort addresses
 * 192.168.0.2/32), replayed through a model of knftables' Fake and sorted by the test's own helper, must equal the
 * expected dump line for line. The one adaptation is the mark: the fake sets "0x4000", kube-proxy formats
 * 1&lt;&lt;14 with %#08x as 0x00004000.
 */
class UpstreamNftablesTest {
    static final String NODE = "test-node";

    static ProxierConfig fakeProxierConfig() {
        return ProxierConfig.builder(NODE).nodeIPs("192.168.0.2").clusterCIDR("10.0.0.0/8").nodePortAddresses("192.168.0.2/32").build();
    }

    static ProxyState overallState() {
        return io.kdp.kubeproxy.UpstreamOverall.state();
    }

    @Test
    void overallNftablesRulesMatchKubeProxyTestExpectation() {
        NftablesSyncResult r = new NftablesProxier(fakeProxierConfig(), List.of("172.30.0.0/16")).sync(overallState());
        KnftFake fake = new KnftFake();
        fake.run(r.transactionText());
        String dump = fake.dump().replace("0x00004000", "0x4000");
        assertThat(KnftFake.upstreamSort(dump)).isEqualTo(KnftFake.upstreamSort(Golden.read("nftables/upstream/TestOverallNFTablesRules.txt")));
    }
}
