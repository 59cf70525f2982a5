package io.kdp.kubeproxy.ipvs;

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
import io.kdp.linux.NetNamespace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden files of kube-proxy's IPVS mode applied to an emulated node (node-a, eth0 192.168.0.11/24,
 * --cluster-cidr 10.244.0.0/16, scheduler rr, masqueradeBit 14, --random-fully): the iptables-restore input,
 * {@code ipvsadm -Ln}, {@code ipset save} and {@code ip addr show kube-ipvs0}. Each header says what it was checked
 * against; rewrite with -Dkdp.updateGolden=true after an intended change and review the diff.
 */
class IpvsGoldenTest {
    static final String NODE = "node-a";

    static ProxierConfig config() {
        return ProxierConfig.builder(NODE).nodeIPs("192.168.0.11").clusterCIDR("10.244.0.0/16").build();
    }

    static String run(ProxierConfig cfg, IpvsOptions opts, List<Service> svcs, List<EndpointSlice> slices) {
        NetNamespace ns = IpvsNode.create(NODE, "192.168.0.11/24");
        IpvsSyncResult r = new IpvsProxier(cfg, opts).apply(ns, ProxyState.build(NODE, svcs, slices));
        return IpvsNode.views(ns, r.restoreText());
    }

    private static void check(String name, String header, List<Service> svcs, List<EndpointSlice> slices) {
        check(name, header, IpvsOptions.DEFAULT, svcs, slices);
    }

    private static void check(String name, String header, IpvsOptions opts, List<Service> svcs, List<EndpointSlice> slices) {
        String actual = run(config(), opts, svcs, slices);
        String resource = "ipvs/" + name + ".txt";
        Golden.update(resource, header, actual);
        assertThat(actual).isEqualTo(Golden.read(resource));
    }

    static EndpointSlice webSlice() {
        return slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.0.5", NODE).ready("10.244.1.7", "node-b")
                .ready("10.244.2.9", "node-c").build();
    }

    @Test
    void clusterIPWithThreeEndpoints() {
        check("clusterip-3-endpoints", """
                # default/web:http ClusterIP with 3 endpoints (one local). One VS, rr, 3 Masq real servers of weight 1; the ClusterIP
                # is bound /32 on kube-ipvs0 (down, NOARP); KUBE-LOOP-BACK holds the local endpoint ip,tcp:port,ip; the KUBE-CLUSTER-IP
                # rule masquerades sources outside --cluster-cidr (writeIptablesRules, pkg/proxy/ipvs/proxier.go v1.31).
                """, List.of(svc("default", "web", "10.96.0.50").port(tcp("http", 80)).build()), List.of(webSlice()));
    }

    @Test
    void nodePort() {
        check("nodeport", """
                # default/web NodePort 30080: a VS on the node IP (never bound on kube-ipvs0), KUBE-NODE-PORT-TCP bitmap:port holds
                # 30080 and KUBE-NODE-PORT marks it for masquerade.
                """, List.of(svc("default", "web", "10.96.0.50").type(ServiceType.NODE_PORT).port(port("http", Protocol.TCP, 80, 30080)).build()),
                List.of(webSlice()));
    }

    @Test
    void externalIPs() {
        check("external-ips", """
                # default/web with externalIPs 203.0.113.10 (bound on kube-ipvs0) and 192.168.0.11 (the node's own: not bound).
                # KUBE-EXTERNAL-IP: masquerade, then ACCEPT from off-machine (physdev/addrtype) and to local addresses.
                """, List.of(svc("default", "web", "10.96.0.50").port(tcp("http", 80)).externalIPs("203.0.113.10", "192.168.0.11").build()),
                List.of(webSlice()));
    }

    @Test
    void loadBalancerWithSourceRanges() {
        check("loadbalancer-source-ranges", """
                # default/lb LoadBalancer 198.51.100.7 with loadBalancerSourceRanges 203.0.113.0/24 (excludes the node IP:
                # KUBE-IPVS-OUT-FILTER drops node-to-LB traffic with -m ipvs, written as kube-proxy writes it) and default/lb2
                # 198.51.100.8 with 192.168.0.0/16 (covers the node: KUBE-LOAD-BALANCER-SOURCE-IP lb,tcp:port,lb). LB ingress IPs
                # are bound on kube-ipvs0 (syncService shouldBind, proxier.go v1.31), unlike what dataplane-facts.md says.
                """, List.of(svc("default", "lb", "10.96.0.60").type(ServiceType.LOAD_BALANCER).port(port("http", Protocol.TCP, 80, 31000))
                                .lbIPs("198.51.100.7").sourceRanges("203.0.113.0/24").build(),
                        svc("default", "lb2", "10.96.0.61").type(ServiceType.LOAD_BALANCER).port(port("http", Protocol.TCP, 80, 31001))
                                .lbIPs("198.51.100.8").sourceRanges("192.168.0.0/16").build()),
                List.of(slice("default", "lb").port("http", Protocol.TCP, 8080).ready("10.244.1.7", "node-b").build(),
                        slice("default", "lb2").port("http", Protocol.TCP, 8080).ready("10.244.1.8", "node-b").build()));
    }

    @Test
    void noEndpoints() {
        check("no-endpoints", """
                # default/empty with no endpoints: the VS exists with no real server (IPVS answers a SYN with ICMP port
                # unreachable, ip_vs_leave); no REJECT rule in iptables, unlike the iptables mode.
                """, List.of(svc("default", "empty", "10.96.0.70").port(tcp("http", 80)).build()), List.of());
    }

    @Test
    void sessionAffinityClientIP() {
        check("session-affinity", """
                # sessionAffinity ClientIP: persistence with the affinity timeout (-p 10800 by default, 600 here for default/short).
                """, List.of(svc("default", "web", "10.96.0.50").port(tcp("http", 80)).clientIP(null).build(),
                        svc("default", "short", "10.96.0.51").port(tcp("http", 80)).clientIP(600).build()),
                List.of(webSlice(), slice("default", "short").port("http", Protocol.TCP, 8080).ready("10.244.0.6", NODE).build()));
    }

    @Test
    void externalTrafficPolicyLocal() {
        check("etp-local", """
                # default/web NodePort 30080 + LB 198.51.100.9 with externalTrafficPolicy Local: the NodePort and LB VS hold only the
                # local endpoint, the ClusterIP VS all three; KUBE-NODE-PORT-LOCAL-TCP and KUBE-LOAD-BALANCER-LOCAL RETURN before
                # the masquerade mark; the health check node port goes into KUBE-HEALTH-CHECK-NODE-PORT.
                """, List.of(svc("default", "web", "10.96.0.50").type(ServiceType.LOAD_BALANCER).port(port("http", Protocol.TCP, 80, 30080))
                        .lbIPs("198.51.100.9").etp(TrafficPolicy.LOCAL).healthCheckNodePort(32000).build()),
                List.of(webSlice()));
    }

    @Test
    void udpWithMaglevScheduler() {
        check("udp-mh", """
                # kube-system/kube-dns dns (UDP) and dns-tcp with scheduler mh: kube-proxy sets FlagSourceHash (0x10), which
                # ipvsadm prints as the mh-port scheduler flag.
                """, IpvsOptions.DEFAULT.withScheduler("mh"),
                List.of(svc("kube-system", "kube-dns", "10.96.0.10").port(port("dns", Protocol.UDP, 53, 0)).port(port("dns-tcp", Protocol.TCP, 53, 0)).build()),
                List.of(slice("kube-system", "kube-dns").port("dns", Protocol.UDP, 53).port("dns-tcp", Protocol.TCP, 53)
                        .ready("10.244.0.2", NODE).ready("10.244.1.3", "node-b").build()));
    }
}
