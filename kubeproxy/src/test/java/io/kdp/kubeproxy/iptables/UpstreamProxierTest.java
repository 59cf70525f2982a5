package io.kdp.kubeproxy.iptables;

import io.kdp.kubeproxy.Golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.kubeproxy.ProxierConfig;
import org.junit.jupiter.api.Test;

/**
 * Reproduces kube-proxy's own TestOverallIPTablesRules (pkg/proxy/iptables/proxier_test.go): the same six
 * services and slices, with the fake proxier's settings, must give exactly the expected dump after the
 * test's sorting. The only adaptation is the mark: the fake sets masqueradeMark "0x4000" directly, real
 * kube-proxy formats 1&lt;&lt;14 with %#08x as 0x00004000.
 */
class UpstreamProxierTest {
    static final String NODE = "test-node";

    static ProxierConfig fakeProxierConfig() {
        return ProxierConfig.builder(NODE).nodeIPs("192.168.0.2").clusterCIDR("10.0.0.0/8").randomFully(false).nfacct(true).build();
    }

    @Test
    void overallIptablesRulesMatchKubeProxyTestExpectation() {

        IptablesSyncResult r = new IptablesProxier(fakeProxierConfig()).sync(io.kdp.kubeproxy.UpstreamOverall.state());

        String sorted = UpstreamSort.sort(r.restoreText()).replace("0x00004000", "0x4000");
        assertThat(sorted).isEqualTo(Golden.read("iptables/upstream/TestOverallIPTablesRules.txt"));
    }
}
