package io.kdp.kubeproxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.Protocol;
import io.kdp.kubeproxy.EndpointInfo;
import io.kdp.kubeproxy.ServicePortName;
import org.junit.jupiter.api.Test;

class ChainNamesTest {
    @Test
    void kubeDnsUdpHash() {
        assertThat(ChainNames.portProtoHash("kube-system/kube-dns:dns", "udp")).isEqualTo("TCOU7JCQXEZGVUNU");
        assertThat(ChainNames.serviceChain(new ServicePortName("kube-system", "kube-dns", "dns", Protocol.UDP)))
                .isEqualTo("KUBE-SVC-TCOU7JCQXEZGVUNU");
    }

    @Test
    void defaultKubernetesHttpsHash() {
        ServicePortName n = new ServicePortName("default", "kubernetes", "https", Protocol.TCP);
        assertThat(ChainNames.serviceChain(n)).isEqualTo("KUBE-SVC-NPX46M4PTMTKRN6Y");
        assertThat(ChainNames.localChain(n)).isEqualTo("KUBE-SVL-NPX46M4PTMTKRN6Y");
        assertThat(ChainNames.externalChain(n)).isEqualTo("KUBE-EXT-NPX46M4PTMTKRN6Y");
        assertThat(ChainNames.firewallChain(n)).isEqualTo("KUBE-FW-NPX46M4PTMTKRN6Y");
    }

    @Test
    void endpointChainHashesServicePortProtocolAndEndpoint() {
        // proxier_test.go: ns1/svc1:p80 -> 10.180.0.1:80 is KUBE-SEP-SXIVWICOYRO3J4NJ, its service KUBE-SVC-XPGD46QRK7WJZT7O
        ServicePortName n = new ServicePortName("ns1", "svc1", "p80", Protocol.TCP);
        assertThat(ChainNames.serviceChain(n)).isEqualTo("KUBE-SVC-XPGD46QRK7WJZT7O");
        assertThat(ChainNames.endpointChain(n, EndpointInfo.ready("10.180.0.1", 80, false))).isEqualTo("KUBE-SEP-SXIVWICOYRO3J4NJ");
    }

    @Test
    void unnamedPortHashesWithoutColon() {
        ServicePortName n = new ServicePortName("default", "web", "", Protocol.TCP);
        assertThat(n.toString()).isEqualTo("default/web");
        assertThat(ChainNames.serviceChain(n)).isEqualTo("KUBE-SVC-" + ChainNames.portProtoHash("default/web", "tcp"));
        assertThat(ChainNames.serviceChain(n)).isNotEqualTo("KUBE-SVC-" + ChainNames.portProtoHash("default/web:", "tcp"));
    }

    @Test
    void serviceChainPrefixes() {
        assertThat(ChainNames.isServiceChain("KUBE-SEP-ABC")).isTrue();
        assertThat(ChainNames.isServiceChain("KUBE-FW-ABC")).isTrue();
        assertThat(ChainNames.isServiceChain("KUBE-SERVICES")).isFalse();
        assertThat(ChainNames.isServiceChain("KUBE-MARK-MASQ")).isFalse();
    }
}
