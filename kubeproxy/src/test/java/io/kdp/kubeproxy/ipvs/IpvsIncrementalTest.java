package io.kdp.kubeproxy.ipvs;

import static io.kdp.kubeproxy.Fixtures.port;
import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;
import static io.kdp.kubeproxy.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServiceType;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.linux.NetNamespace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Incremental IPVS-mode syncs: only what changed is written, against the node or against the previous sync. */
class IpvsIncrementalTest {
    static final String NODE = IpvsGoldenTest.NODE;

    static Service web() {
        return svc("default", "web", "10.96.0.50").port(tcp("http", 80)).build();
    }

    static EndpointSlice webSlice(String... ips) {
        var s = slice("default", "web").port("http", Protocol.TCP, 8080);
        for (String ip : ips) s.ready(ip, "node-b");
        return s.build();
    }

    static ProxyState state(List<Service> svcs, List<EndpointSlice> slices) {
        return ProxyState.build(NODE, svcs, slices);
    }

    @Test
    void anUnchangedClusterOnlyRestoresTheConstantRules() {
        NetNamespace ns = IpvsNode.create(NODE, "192.168.0.11/24");
        IpvsProxier p = new IpvsProxier(IpvsGoldenTest.config());
        IpvsSyncResult first = p.apply(ns, state(List.of(web()), List.of(webSlice("10.244.1.7"))));
        assertThat(first.fullSync()).isTrue();
        assertThat(first.changes()).startsWith("iptables -t nat -N KUBE-SERVICES").contains(
                "ip link add kube-ipvs0 type dummy",
                "ipset create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 -exist",
                "ipvsadm -A -t 10.96.0.50:80 -s rr",
                "ip addr add 10.96.0.50/32 dev kube-ipvs0",
                "ipvsadm -a -t 10.96.0.50:80 -r 10.244.1.7:8080 -m -w 1",
                "ipset add KUBE-CLUSTER-IP 10.96.0.50,tcp:80 -exist");
        IpvsSyncResult again = p.apply(ns, state(List.of(web()), List.of(webSlice("10.244.1.7"))));
        assertThat(again.fullSync()).isFalse();
        assertThat(again.changes()).isEmpty();
        assertThat(again.restoreText()).isEqualTo(first.restoreText());
    }

    @Test
    void endpointAndServiceChangesAreAppliedOneByOne() {
        NetNamespace ns = IpvsNode.create(NODE, "192.168.0.11/24");
        IpvsProxier p = new IpvsProxier(IpvsGoldenTest.config());
        p.apply(ns, state(List.of(web()), List.of(webSlice("10.244.1.7", "10.244.1.8"))));

        // one endpoint replaced: one real server added, one deleted (no connections, so no graceful termination)
        IpvsSyncResult r = p.apply(ns, state(List.of(web()), List.of(webSlice("10.244.1.7", "10.244.1.9"))));
        assertThat(r.changes()).containsExactly(
                "ipvsadm -a -t 10.96.0.50:80 -r 10.244.1.9:8080 -m -w 1",
                "ipvsadm -d -t 10.96.0.50:80 -r 10.244.1.8:8080");

        // a NodePort service added: its VS on the cluster IP and the node IP, the binding, set entries
        Service np = svc("default", "np", "10.96.0.60").type(ServiceType.NODE_PORT).port(port("http", Protocol.TCP, 80, 30080)).build();
        EndpointSlice npSlice = slice("default", "np").port("http", Protocol.TCP, 8080).ready("10.244.0.5", NODE).build();
        r = p.apply(ns, state(List.of(web(), np), List.of(webSlice("10.244.1.7", "10.244.1.9"), npSlice)));
        assertThat(r.changes()).containsExactly(
                "ipvsadm -A -t 10.96.0.60:80 -s rr",
                "ip addr add 10.96.0.60/32 dev kube-ipvs0",
                "ipvsadm -a -t 10.96.0.60:80 -r 10.244.0.5:8080 -m -w 1",
                "ipvsadm -A -t 192.168.0.11:30080 -s rr",
                "ipvsadm -a -t 192.168.0.11:30080 -r 10.244.0.5:8080 -m -w 1",
                "ipset add KUBE-LOOP-BACK 10.244.0.5,tcp:8080,10.244.0.5 -exist",
                "ipset add KUBE-CLUSTER-IP 10.96.0.60,tcp:80 -exist",
                "ipset add KUBE-NODE-PORT-TCP 30080 -exist",
                "ipset add KUBE-IPVS-IPS 10.96.0.60 -exist");

        // the first service removed: its entries, address and VS go
        r = p.apply(ns, state(List.of(np), List.of(npSlice)));
        assertThat(r.changes()).containsExactly(
                "ipset del KUBE-CLUSTER-IP 10.96.0.50,tcp:80",
                "ipset del KUBE-IPVS-IPS 10.96.0.50",
                "ip addr del 10.96.0.50/32 dev kube-ipvs0",
                "ipvsadm -D -t 10.96.0.50:80");
        assertThat(ns.ipvs().save()).isEqualTo("""
                -A -t 192.168.0.11:30080 -s rr
                -a -t 192.168.0.11:30080 -r 10.244.0.5:8080 -m -w 1
                -A -t 10.96.0.60:80 -s rr
                -a -t 10.96.0.60:80 -r 10.244.0.5:8080 -m -w 1
                """);
        assertThat(ns.isLocalAddress(io.kdp.packet.Ip4.parse("10.96.0.50"))).isFalse();
        assertThat(ns.isLocalAddress(io.kdp.packet.Ip4.parse("10.96.0.60"))).isTrue();
    }

    @Test
    void affinityChangeEditsTheVirtualServer() {
        NetNamespace ns = IpvsNode.create(NODE, "192.168.0.11/24");
        IpvsProxier p = new IpvsProxier(IpvsGoldenTest.config());
        p.apply(ns, state(List.of(web()), List.of(webSlice("10.244.1.7"))));
        Service sticky = svc("default", "web", "10.96.0.50").port(tcp("http", 80)).clientIP(null).build();
        IpvsSyncResult r = p.apply(ns, state(List.of(sticky), List.of(webSlice("10.244.1.7"))));
        assertThat(r.changes()).containsExactly("ipvsadm -E -t 10.96.0.50:80 -s rr -p 10800");
        assertThat(ns.ipvs().list()).contains("TCP  10.96.0.50:80 rr persistent 10800\n");
    }

    @Test
    void syncWithoutANodeDiffsAgainstThePreviousSync() {
        IpvsProxier model = new IpvsProxier(IpvsGoldenTest.config());
        IpvsProxier live = new IpvsProxier(IpvsGoldenTest.config());
        NetNamespace ns = IpvsNode.create(NODE, "192.168.0.11/24");
        List<ProxyState> states = List.of(state(List.of(web()), List.of(webSlice("10.244.1.7", "10.244.1.8"))),
                state(List.of(web()), List.of(webSlice("10.244.1.8", "10.244.1.9"))), state(List.of(), List.of()));
        List<List<String>> a = new ArrayList<>(), b = new ArrayList<>();
        for (ProxyState s : states) {
            a.add(model.sync(s).commands());
            b.add(live.apply(ns, s).commands());
        }
        assertThat(a).isEqualTo(b);
        assertThat(ns.ipvs().save()).isEmpty();
        assertThat(ns.device("kube-ipvs0").addresses()).isEmpty();
    }

    @Test
    void theKernelSavesTheIpvsMatchWithNumbersAndMasks() {
        NetNamespace ns = IpvsNode.create(NODE, "192.168.0.11/24");
        new IpvsProxier(IpvsGoldenTest.config()).apply(ns, state(
                List.of(svc("default", "lb", "10.96.0.60").type(ServiceType.LOAD_BALANCER).port(port("http", Protocol.TCP, 80, 31000))
                        .lbIPs("198.51.100.7").sourceRanges("203.0.113.0/24").build()),
                List.of(slice("default", "lb").port("http", Protocol.TCP, 8080).ready("10.244.1.7", "node-b").build())));
        assertThat(ns.iptables().save()).contains(
                "-A KUBE-IPVS-OUT-FILTER -s 198.51.100.7/32 -m ipvs --vproto 6 --vaddr 198.51.100.7/255.255.255.255 --vport 80 -j DROP\n",
                "-A INPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-FILTER\n"
                        + "-A INPUT -m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL\n"
                        + "-A INPUT -m comment --comment \"kubernetes health check rules\" -j KUBE-NODE-PORT\n");
    }

    @Test
    void sysctlsAndOptions() {
        IpvsProxier p = new IpvsProxier(IpvsGoldenTest.config(), new IpvsOptions("", true));
        assertThat(p.options().scheduler()).isEqualTo("rr");
        assertThat(p.sysctls()).containsExactly(
                java.util.Map.entry("net.ipv4.vs.conntrack", "1"), java.util.Map.entry("net.ipv4.vs.expire_nodest_conn", "1"),
                java.util.Map.entry("net.ipv4.vs.expire_quiescent_template", "1"), java.util.Map.entry("net.ipv4.ip_forward", "1"),
                java.util.Map.entry("net.ipv4.conf.all.arp_ignore", "1"), java.util.Map.entry("net.ipv4.conf.all.arp_announce", "2"),
                java.util.Map.entry("net.netfilter.nf_conntrack_tcp_timeout_established", "86400"),
                java.util.Map.entry("net.netfilter.nf_conntrack_tcp_timeout_close_wait", "3600"));
        assertThatThrownBy(() -> new IpvsOptions("lblc", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kube-proxy config: ipvs.scheduler \"lblc\" is not one of rr, wrr, lc, wlc, sh, dh, sed, nq, mh");
    }
}
