package io.kdp.kubeproxy.iptables;

import io.kdp.kubeproxy.Golden;

import static io.kdp.kubeproxy.Fixtures.port;
import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;
import static io.kdp.kubeproxy.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServiceType;
import io.kdp.k8s.model.TrafficPolicy;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden iptables-restore input for small clusters (node-a, node IP 192.168.0.11, --cluster-cidr 10.244.0.0/16,
 * kube-proxy defaults: masqueradeBit 14, --random-fully, localhost NodePorts, no nfacct). Each golden file's
 * header says what it was checked against; rewrite with -Dkdp.updateGolden=true after an intended change and
 * review the diff.
 */
class IptablesGoldenTest {
    static final String NODE = "node-a";

    static ProxierConfig.Builder defaults() {
        return ProxierConfig.builder(NODE).nodeIPs("192.168.0.11").clusterCIDR("10.244.0.0/16");
    }

    private static void check(String name, String header, ProxierConfig cfg, List<Service> svcs, List<EndpointSlice> slices) {
        String actual = new IptablesProxier(cfg).sync(ProxyState.build(NODE, svcs, slices)).restoreText();
        String resource = "iptables/" + name + ".txt";
        Golden.update(resource, header, actual);
        assertThat(actual).isEqualTo(Golden.read(resource));
    }

    @Test
    void clusterIPWithThreeEndpoints() {
        check("clusterip-3-endpoints", """
                # default/web:http ClusterIP with 3 ready endpoints. Endpoints sorted by "ip:port" string (10.244.1.10 < 10.244.1.5),
                # probabilities 1/3 then 1/2 then none, as writeServiceToEndpointRules; comments as proxier.go writes them.
                """, defaults().build(),
                List.of(svc("default", "web", "10.96.0.50").port(tcp("http", 80)).build()),
                List.of(slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.1.5", NODE).ready("10.244.2.7", "node-b")
                        .ready("10.244.1.10", NODE).build()));
    }

    @Test
    void kubeDnsNamedPorts() {
        check("kube-dns", """
                # kube-system/kube-dns with named ports dns (UDP), dns-tcp, metrics: KUBE-SVC-TCOU7JCQXEZGVUNU, KUBE-SVC-ERIFXISQEP7F7OF4,
                # KUBE-SVC-JD5MR3NA4I4DYORP are the chains every real cluster shows for these ports.
                """, defaults().build(),
                List.of(svc("kube-system", "kube-dns", "10.96.0.10").port(port("dns", Protocol.UDP, 53, 0))
                        .port(port("dns-tcp", Protocol.TCP, 53, 0)).port(port("metrics", Protocol.TCP, 9153, 0)).build()),
                List.of(slice("kube-system", "kube-dns").port("dns", Protocol.UDP, 53).port("dns-tcp", Protocol.TCP, 53)
                        .port("metrics", Protocol.TCP, 9153).ready("10.244.0.2", NODE).ready("10.244.0.3", NODE).build()));
    }

    @Test
    void defaultKubernetesService() {
        check("default-kubernetes", """
                # default/kubernetes:https -> the API server on the host network: KUBE-SVC-NPX46M4PTMTKRN6Y as on every cluster.
                """, defaults().build(),
                List.of(svc("default", "kubernetes", "10.96.0.1").port(tcp("https", 443)).build()),
                List.of(slice("default", "kubernetes").port("https", Protocol.TCP, 6443).ready("192.168.0.10", null).build()));
    }

    @Test
    void nodePort() {
        check("nodeport", """
                # NodePort 30080: KUBE-NODEPORTS -> KUBE-EXT (masquerade for Cluster policy) -> KUBE-SVC.
                """, defaults().build(),
                List.of(svc("default", "web", "10.96.0.50").type(ServiceType.NODE_PORT).port(port("http", Protocol.TCP, 80, 30080)).build()),
                List.of(slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.1.5", NODE).ready("10.244.2.7", "node-b").build()));
    }

    @Test
    void externalIPs() {
        check("external-ips", """
                # ClusterIP with externalIPs: "external IP" capture rules jump to KUBE-EXT.
                """, defaults().build(),
                List.of(svc("default", "web", "10.96.0.50").externalIPs("203.0.113.10", "203.0.113.11").port(tcp("http", 80)).build()),
                List.of(slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.2.7", "node-b").build()));
    }

    @Test
    void loadBalancerWithSourceRanges() {
        check("loadbalancer-source-ranges", """
                # LoadBalancer with loadBalancerSourceRanges: KUBE-SERVICES -> KUBE-FW (one rule per range; the node IP 192.168.0.11 is
                # inside 192.168.0.0/24 so the VIP is allowed as a source too) -> KUBE-EXT; KUBE-PROXY-FIREWALL drops the rest.
                """, defaults().build(),
                List.of(svc("default", "lb", "10.96.0.60").type(ServiceType.LOAD_BALANCER).port(port("http", Protocol.TCP, 80, 31000))
                        .lbIPs("198.51.100.5").sourceRanges("198.51.100.0/24", " 192.168.0.0/24").build()),
                List.of(slice("default", "lb").port("http", Protocol.TCP, 8080).ready("10.244.2.7", "node-b").build()));
    }

    @Test
    void noEndpoints() {
        check("no-endpoints", """
                # A LoadBalancer without endpoints: only filter-table REJECT rules (cluster IP, external IP, LB IP, NodePort), no nat chains.
                """, defaults().build(),
                List.of(svc("default", "empty", "10.96.0.70").type(ServiceType.LOAD_BALANCER).externalIPs("203.0.113.20")
                        .port(port("http", Protocol.TCP, 80, 30070)).lbIPs("198.51.100.7").build()),
                List.of(slice("default", "empty").port("http", Protocol.TCP, 8080).ep("10.244.1.9", NODE, false, false, false).build()));
    }

    @Test
    void terminatingFallback() {
        check("terminating", """
                # No ready endpoint: the serving+terminating ones are used (CategorizeEndpoints fallback); terminating but not serving
                # (10.244.1.3) is not. A second service with one ready endpoint ignores its terminating one.
                """, defaults().build(),
                List.of(svc("default", "draining", "10.96.0.80").port(tcp("http", 80)).build(),
                        svc("default", "mixed", "10.96.0.81").port(tcp("http", 80)).build()),
                List.of(slice("default", "draining").port("http", Protocol.TCP, 8080).ep("10.244.1.1", NODE, false, true, true)
                                .ep("10.244.2.2", "node-b", false, true, true).ep("10.244.1.3", NODE, false, false, true).build(),
                        slice("default", "mixed").port("http", Protocol.TCP, 8080).ready("10.244.2.5", "node-b")
                                .ep("10.244.1.6", NODE, false, true, true).build()));
    }

    @Test
    void externalTrafficPolicyLocal() {
        check("etp-local", """
                # LoadBalancer with externalTrafficPolicy Local and a health check node port: KUBE-EXT sends pod traffic (-s clusterCIDR)
                # and host traffic (masqueraded) to KUBE-SVC, the rest to KUBE-SVL with the local endpoint only.
                """, defaults().build(),
                List.of(svc("default", "local", "10.96.0.90").type(ServiceType.LOAD_BALANCER).etp(TrafficPolicy.LOCAL)
                        .port(port("http", Protocol.TCP, 80, 30090)).lbIPs("198.51.100.9").healthCheckNodePort(32000).build()),
                List.of(slice("default", "local").port("http", Protocol.TCP, 8080).ready("10.244.1.5", NODE).ready("10.244.2.7", "node-b").build()));
    }

    @Test
    void internalTrafficPolicyLocal() {
        check("itp-local", """
                # internalTrafficPolicy Local: the cluster IP goes to KUBE-SVL (local endpoints only); without local endpoints the cluster
                # IP is dropped in the filter table ("has no local endpoints").
                """, defaults().build(),
                List.of(svc("default", "node-local", "10.96.0.91").itp(TrafficPolicy.LOCAL).port(tcp("http", 80)).build(),
                        svc("default", "remote-only", "10.96.0.92").itp(TrafficPolicy.LOCAL).port(tcp("http", 80)).build()),
                List.of(slice("default", "node-local").port("http", Protocol.TCP, 8080).ready("10.244.1.5", NODE).ready("10.244.2.7", "node-b").build(),
                        slice("default", "remote-only").port("http", Protocol.TCP, 8080).ready("10.244.2.8", "node-b").build()));
    }

    @Test
    void sessionAffinityClientIP() {
        check("session-affinity", """
                # sessionAffinity ClientIP with timeoutSeconds 3600: "-m recent --name KUBE-SEP-.. --rcheck --seconds 3600 --reap" rules
                # for every endpoint before the statistic rules; "-m recent --name KUBE-SEP-.. --set" before the DNAT.
                """, defaults().build(),
                List.of(svc("default", "sticky", "10.96.0.95").clientIP(3600).port(tcp("http", 80)).build()),
                List.of(slice("default", "sticky").port("http", Protocol.TCP, 8080).ready("10.244.1.5", NODE).ready("10.244.2.7", "node-b").build()));
    }

    @Test
    void noClusterCidrMasqueradeAllAndNodePortAddresses() {
        check("config-variants", """
                # --masquerade-all (every cluster IP connection marked), no --cluster-cidr (no local detector: no "pod traffic" rule),
                # --iptables-localhost-nodeports=false (no KUBE-FIREWALL, "! -d 127.0.0.0/8"), no --random-fully.
                """, ProxierConfig.builder(NODE).nodeIPs("192.168.0.11").masqueradeAll(true).localhostNodePorts(false).randomFully(false).build(),
                List.of(svc("default", "local", "10.96.0.90").type(ServiceType.NODE_PORT).etp(TrafficPolicy.LOCAL)
                        .port(port("http", Protocol.TCP, 80, 30090)).build()),
                List.of(slice("default", "local").port("http", Protocol.TCP, 8080).ready("10.244.1.5", NODE).build()));
    }

    @Test
    void nodePortAddresses() {
        check("nodeport-addresses", """
                # --nodeport-addresses 192.168.0.0/24,127.0.0.0/8: one "-d <node address> -j KUBE-NODEPORTS" rule per matching address.
                """, defaults().nodePortAddresses("192.168.0.0/24", "127.0.0.0/8").build(),
                List.of(svc("default", "web", "10.96.0.50").type(ServiceType.NODE_PORT).port(port("http", Protocol.TCP, 80, 30080)).build()),
                List.of(slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.1.5", NODE).build()));
    }
}
