package io.kdp.kubeproxy.ebpf;

import static io.kdp.kubeproxy.Fixtures.port;
import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.ServiceType;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.DummyDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.bpf.TcDirection;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.TraceRecorder;
import io.kdp.packet.Cidr;
import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * cil_from_netdev on a node's uplink, run directly on frames: NodePort selection by Maglev (the
 * same backend on every node for a given flow, looked up only on a conntrack miss) and by random.
 * The nodes have no routes, so the translated frame comes back instead of being redirected.
 */
class TcLbTest {
    static final String NP = "default/np";

    record Node(NetNamespace ns, DummyDevice eth0, EbpfProxier lb, TraceRecorder trace) {}

    /** A node with its uplink address; {@code extraFirst} creates another service first, so its backend ids differ. */
    static Node node(String name, String ip, EbpfConfig cfg, boolean extraFirst) {
        Backlog backlog = new Backlog(new Clock(0));
        TraceRecorder rec = new TraceRecorder();
        backlog.tracer(rec);
        NetNamespace ns = new NetNamespace(name, backlog, 1);
        DummyDevice eth0 = new DummyDevice(ns, "eth0", ns.randomMac("eth0"));
        ns.addAddress(eth0, Cidr.parse(ip + "/24"));
        ns.setUp(eth0);
        var svcs = new java.util.ArrayList<io.kdp.k8s.model.Service>();
        var slices = new java.util.ArrayList<io.kdp.k8s.model.EndpointSlice>();
        if (extraFirst) {
            svcs.add(svc("default", "aaa", "10.96.0.5").port(port("http", Protocol.TCP, 80, 0)).build());
            slices.add(slice("default", "aaa").port("http", Protocol.TCP, 9090).ready("10.244.3.3", "node-z").ready("10.244.3.4", "node-z").build());
        }
        svcs.add(svc("default", "np", "10.96.0.20").type(ServiceType.NODE_PORT).externalIPs("198.51.100.10").port(port("http", Protocol.TCP, 80, 30080)).build());
        slices.add(slice("default", "np").port("http", Protocol.TCP, 8080).ready("10.244.1.8", "node-b").ready("10.244.2.8", "node-c")
                .ready("10.244.2.9", "node-c").build());
        EbpfProxier lb = new EbpfProxier(ProxierConfig.builder(name).nodeIPs(ip).clusterCIDR("10.244.0.0/16").build(), cfg);
        lb.apply(ns, ProxyState.build(name, svcs, slices));
        return new Node(ns, eth0, lb, rec);
    }

    static Packet syn(String dst, int sport) {
        return syn(dst, 30080, sport);
    }

    static Packet syn(String dst, int dport, int sport) {
        return new Packet(new EthernetHeader(MacAddress.ZERO, MacAddress.ZERO, EtherType.IPV4), Ipv4Header.of(IpProtocol.TCP, Ip4.parse("203.0.113.7"), Ip4.parse(dst), 1),
                new TcpHeader(sport, dport, 1000, 0, TcpHeader.SYN, TcpHeader.DEFAULT_WINDOW), null);
    }

    static Packet run(Node n, Packet frame) {
        n.trace().take();
        return n.ns().clsact().run(n.eth0(), TcDirection.INGRESS, frame);
    }

    static List<Step> steps(Node n) {
        return n.trace().take().stream().flatMap(h -> h.steps().stream()).toList();
    }

    @Test
    void maglevSendsAFlowToTheSameBackendOnEveryNode() {
        // An external IP (as an ECMP-announced VIP) reaches either node: both must pick the same backend for a flow.
        EbpfConfig maglev = EbpfConfig.defaults().withMaglev();
        Node a = node("node-a", "192.168.0.11", maglev, false);
        Node b = node("node-b", "192.168.0.12", maglev, true);
        // the nodes number the backends differently ...
        assertThat(a.lb().maps().backends().lookup(1).addressPort()).isEqualTo("10.244.1.8:8080");
        assertThat(b.lb().maps().backends().lookup(1).addressPort()).isEqualTo("10.244.3.3:9090");
        java.util.Set<String> used = new java.util.TreeSet<>();
        for (int sport = 40000; sport < 40040; sport++) {
            Packet viaA = run(a, syn("198.51.100.10", 80, sport));
            Packet viaB = run(b, syn("198.51.100.10", 80, sport));
            // ... yet agree on every flow
            assertThat(Ip4.format(viaA.dst())).isEqualTo(Ip4.format(viaB.dst()));
            used.add(Ip4.format(viaA.dst()));
        }
        assertThat(used).containsExactly("10.244.1.8", "10.244.2.8", "10.244.2.9");
    }

    @Test
    void maglevIsConsultedOnlyOnAConntrackMiss() {
        Node a = node("node-a", "192.168.0.11", EbpfConfig.defaults().withMaglev(), false);
        Packet first = run(a, syn("192.168.0.11", 40000));
        List<Step> s1 = steps(a);
        assertThat(s1).filteredOn(s -> s instanceof Step.Lookup l && l.table().equals("cilium_lb4_maglev")).hasSize(1);
        assertThat(s1).anyMatch(s -> s instanceof Step.Lookup l && l.table().equals("cilium_ct4_global") && l.result().equals("miss -> new entry"));
        Packet again = run(a, syn("192.168.0.11", 40000));
        List<Step> s2 = steps(a);
        assertThat(s2).noneMatch(s -> s instanceof Step.Lookup l && l.table().equals("cilium_lb4_maglev"));
        assertThat(s2).anyMatch(s -> s instanceof Step.Lookup l && l.table().equals("cilium_ct4_global") && l.result().startsWith("hit, backend id "));
        assertThat(again.dst()).isEqualTo(first.dst());
        assertThat(again.src()).isEqualTo(first.src()); // SNATed to the node, port kept
        assertThat(Ip4.format(again.src())).isEqualTo("192.168.0.11");
        assertThat(again.srcPort()).isEqualTo(40000);
        assertThat(again.ipv4().ttl()).isEqualTo(first.ipv4().ttl());
    }

    @Test
    void randomSelectionUsesASlotOfTheFrontend() {
        Node a = node("node-a", "192.168.0.11", EbpfConfig.defaults(), false);
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (int sport = 40000; sport < 40030; sport++) {
            seen.add(Ip4.format(run(a, syn("192.168.0.11", sport)).dst()));
            assertThat(steps(a)).anyMatch(s -> s instanceof Step.Lookup l && l.table().equals("cilium_lb4_services_v2") && l.key().matches("192\\.168\\.0\\.11:30080/TCP slot [123]"));
        }
        assertThat(seen).containsExactly("10.244.1.8", "10.244.2.8", "10.244.2.9");
    }

    @Test
    void aClusterIpIsNotReachableFromOutside() {
        Node a = node("node-a", "192.168.0.11", EbpfConfig.defaults(), false);
        Packet toClusterIp = syn("10.96.0.20", 40000).withDestination(Ip4.parse("10.96.0.20"), 80);
        assertThat(run(a, toClusterIp)).isEqualTo(toClusterIp);
        assertThat(steps(a)).isEmpty();
    }
}
