package io.kdp.kubeproxy.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.Protocol;
import io.kdp.kubeproxy.EndpointInfo;
import io.kdp.kubeproxy.ServicePortName;
import org.junit.jupiter.api.Test;

/** kube-proxy's nftables object names (hashAndTruncate), against the names its own tests expect. */
class NftNamesTest {
    static final ServicePortName SVC1 = new ServicePortName("ns1", "svc1", "p80", Protocol.TCP);

    @Test
    void serviceAndEndpointNamesHashTheirOwnText() {
        assertThat(NftNames.serviceChain(SVC1)).isEqualTo("service-ULMVA6XW-ns1/svc1/tcp/p80");
        assertThat(NftNames.externalChain(new ServicePortName("ns2", "svc2", "p80", Protocol.TCP))).isEqualTo("external-42NFTM6N-ns2/svc2/tcp/p80");
        assertThat(NftNames.firewallChain(new ServicePortName("ns5", "svc5", "p80", Protocol.TCP))).isEqualTo("firewall-HVFWP5L3-ns5/svc5/tcp/p80");
        assertThat(NftNames.endpointChain(SVC1, EndpointInfo.ready("10.180.0.1", 80, false))).isEqualTo("endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
        assertThat(NftNames.affinitySet(new ServicePortName("ns5", "svc5", "p80", Protocol.TCP), EndpointInfo.ready("10.180.0.3", 80, false)))
                .isEqualTo("affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80");
        // an unnamed port leaves the last part empty
        assertThat(NftNames.serviceBase(new ServicePortName("default", "kubernetes", "", Protocol.TCP))).endsWith("-default/kubernetes/tcp/");
    }

    @Test
    void namesLongerThan240CharactersAreCutWithAnEllipsis() {
        // IPv4 names stay below the limit (63-character parts: 228 at most); longer bases are cut to 237 + "..."
        String name = "n".repeat(300);
        String base = NftNames.hashAndTruncate(name);
        assertThat(base).hasSize(240).endsWith("n...").startsWith(NftNames.hashAndTruncate("n".repeat(300)).substring(0, 9));
        assertThat(base.charAt(8)).isEqualTo('-');
        String long63 = "a".repeat(63);
        assertThat(NftNames.endpointBase(new ServicePortName(long63, long63, long63, Protocol.SCTP), EndpointInfo.ready("255.255.255.255", 65535, false)))
                .hasSize(8 + 1 + 63 * 3 + 4 + 3 + 2 + 15 + 1 + 5).doesNotEndWith("...");
    }

    @Test
    void serviceChainsAreTheOnesWithASlash() {
        assertThat(NftNames.isServiceChain("service-ULMVA6XW-ns1/svc1/tcp/p80")).isTrue();
        assertThat(NftNames.isServiceChain("services")).isFalse();
        assertThat(NftNames.isAffinitySet("affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80")).isTrue();
        assertThat(NftNames.isAffinitySet("cluster-ips")).isFalse();
    }
}
