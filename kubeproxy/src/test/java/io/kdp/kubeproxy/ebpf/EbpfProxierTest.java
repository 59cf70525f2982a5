package io.kdp.kubeproxy.ebpf;

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
import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.bpf.BpftoolMapDump;
import io.kdp.linux.bpf.CgroupAttachType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The maps the eBPF proxier fills on node-a (192.168.0.11) and their dumps: {@code cilium bpf lb
 * list} (layout of cilium-dbg/cmd/bpf_lb_list.go with Go's tabwriter) and {@code bpftool map dump}.
 */
class EbpfProxierTest {
    static final String NODE = "node-a";

    static ProxierConfig config() {
        return ProxierConfig.builder(NODE).nodeIPs("192.168.0.11").clusterCIDR("10.244.0.0/16").build();
    }

    static NetNamespace node() {
        return new NetNamespace(NODE, new Backlog(new Clock(0)), 1);
    }

    static List<Service> services() {
        return List.of(
                svc("default", "web", "10.96.0.10").port(tcp("http", 80)).build(),
                svc("default", "np", "10.96.0.20").type(ServiceType.NODE_PORT).etp(TrafficPolicy.LOCAL).port(port("http", Protocol.TCP, 80, 30080)).build(),
                svc("default", "sticky", "10.96.0.30").clientIP(600).port(tcp("http", 80)).build(),
                svc("default", "empty", "10.96.0.40").port(tcp("http", 80)).build(),
                svc("kube-system", "dns", "10.96.0.53").port(port("dns", Protocol.UDP, 53, 0)).build());
    }

    static EndpointSlice web() {
        return slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.2.9", "node-c").ready("10.244.0.5", NODE)
                .ready("10.244.1.7", "node-b").build();
    }

    static List<EndpointSlice> slices(EndpointSlice web) {
        return List.of(web,
                slice("default", "np").port("http", Protocol.TCP, 8080).ready("10.244.0.6", NODE).ready("10.244.1.8", "node-b").build(),
                slice("default", "sticky").port("http", Protocol.TCP, 8080).ready("10.244.0.5", NODE).ready("10.244.1.7", "node-b").build(),
                slice("kube-system", "dns").port("dns", Protocol.UDP, 53).ready("10.244.1.2", "node-b").build());
    }

    static EbpfProxier applied(NetNamespace ns) {
        EbpfProxier p = new EbpfProxier(config());
        p.apply(ns, ProxyState.build(NODE, services(), slices(web())));
        return p;
    }

    @Test
    void lbListGolden() {
        String actual = applied(node()).lbList();
        Golden.update("ebpf/lb-list.txt", """
                # cilium bpf lb list on node-a (192.168.0.11) for: default/web ClusterIP with 3 endpoints; default/np NodePort 30080 with
                # externalTrafficPolicy Local (frontends on the node address and the 0.0.0.0 surrogate hold the local endpoint only,
                # the ClusterIP both); default/sticky ClientIP affinity; default/empty without endpoints (count 0); kube-system/dns UDP.
                # Layout: cilium-dbg/cmd/bpf_lb_list.go dumpSVC ("%s:%d (%d) (%d) [%s] %s" for slot 0, "%s:%d/%s (%d) (%d)" for
                # backends) through TablePrinter (tabwriter minwidth 5, padding 3, every cell tab-terminated, so rows end in padding).
                # Frontend order: kdp sorts by rev-NAT index (Cilium: Go map order).
                """, actual);
        assertThat(actual).isEqualTo(Golden.read("ebpf/lb-list.txt"));
    }

    @Test
    void bpftoolDumpOfAOneBackendService() {
        EbpfProxier p = new EbpfProxier(config());
        p.apply(node(), ProxyState.build(NODE, List.of(svc("kube-system", "dns", "10.96.0.53").port(port("dns", Protocol.UDP, 53, 0)).build()),
                List.of(slice("kube-system", "dns").port("dns", Protocol.UDP, 53).ready("10.244.1.2", "node-b").build())));
        String actual = BpftoolMapDump.dump(p.maps().services()) + BpftoolMapDump.dump(p.maps().backends()) + BpftoolMapDump.dump(p.maps().revNat());
        Golden.update("ebpf/bpftool-dns.txt", """
                # bpftool map dump of cilium_lb4_services_v2, cilium_lb4_backends_v3 and cilium_lb4_reverse_nat for kube-system/dns
                # (10.96.0.53:53/UDP, one backend 10.244.1.2:53). lb4_key: 0a 60 00 35 | 00 35 (be16 53) | 01 00 / 00 00 (slot, le16) |
                # 11 (UDP) | 00 scope | pad; lb4_service: backend_id le32 | count le16 | rev_nat le16 | flags | flags2 | pad.
                # Key+value = 24 bytes, each <= 16: one line per entry (bpftool print_entry_plain).
                """, actual);
        assertThat(actual).isEqualTo(Golden.read("ebpf/bpftool-dns.txt"));
    }

    @Test
    void anEndpointLeavingRewritesOnlyThatService() {
        NetNamespace ns = node();
        EbpfProxier p = applied(ns);
        assertThat(p.lastResult().fullSync()).isTrue();
        EndpointSlice twoLeft = slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.2.9", "node-c").ready("10.244.0.5", NODE).build();
        EbpfSyncResult r = p.apply(ns, ProxyState.build(NODE, services(), slices(twoLeft)));
        assertThat(r.fullSync()).isFalse();
        // web's frontend keeps rev-NAT 6 and 10.244.2.9 its id 5, moving up to slot 2; 10.244.1.7 (id 4) is still
        // sticky's backend, so no backend entry is deleted.
        assertThat(r.operations()).containsExactly(
                "update cilium_lb4_services_v2 10.96.0.10:80/TCP slot 2 => backend id 5",
                "update cilium_lb4_services_v2 10.96.0.10:80/TCP slot 0 => count 2, rev-nat 6 [ClusterIP, non-routable]",
                "delete cilium_lb4_services_v2 10.96.0.10:80/TCP slot 3");
        assertThat(p.lbList()).contains("10.96.0.10:80/TCP        0.0.0.0:0 (6) (0) [ClusterIP, non-routable] ");
        assertThat(p.maps().backends().contains(4)).isTrue();
        assertThat(p.maps().services().contains(new Lb4Key(io.kdp.packet.Ip4.parse("10.96.0.10"), 80, 3, 6, 0))).isFalse();
        // nothing changed: nothing written
        assertThat(p.apply(ns, ProxyState.build(NODE, services(), slices(twoLeft))).operations()).isEmpty();
    }

    @Test
    void programsAreAttachedToTheNodesRootCgroup() {
        NetNamespace ns = node();
        applied(ns);
        assertThat(ns.cgroup().path()).isEqualTo("/");
        assertThat(ns.cgroup().attached(CgroupAttachType.INET4_CONNECT)).extracting(Object::toString).containsExactly("cil_sock4_connect");
        assertThat(ns.cgroup().child("kubepods.slice").effective(CgroupAttachType.UDP4_RECVMSG)).extracting(Object::toString).containsExactly("cil_sock4_recvmsg");
        assertThat(ns.iptables().save()).doesNotContain("KUBE-");
    }
}
