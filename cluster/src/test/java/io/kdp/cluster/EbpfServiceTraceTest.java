package io.kdp.cluster;

import static io.kdp.cluster.Traces.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.render.HostRender;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.ConnectionTracer;
import io.kdp.cluster.trace.PacketTrace;
import io.kdp.kubeproxy.ebpf.EbpfProxier;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service traffic through Cilium's eBPF load balancer (proxy mode ebpf) on the three-node routed
 * cluster of scenario "cases", mirroring {@link ServiceTraceTest}: pods' sockets are translated at
 * connect(), so no packet carries a ClusterIP; NodePort traffic from outside is translated at tc on
 * the node's eth0 and never meets iptables.
 */
class EbpfServiceTraceTest {
    Cluster cluster;
    ConnectionTracer tracer;

    @BeforeEach
    void setUp() throws Exception {
        cluster = ClusterBuilder.build(Scenarios.load("cases"), 1, "ebpf");
        tracer = new ConnectionTracer(cluster);
    }

    static List<Step> wire(ConnectionTrace t) {
        return t.packets().stream().flatMap(p -> steps(p).stream()).filter(s -> s instanceof Step.Receive || s instanceof Step.Transmit).toList();
    }

    @Test
    void podToClusterIpAcrossNodesCarriesTheBackendAddressFromTheFirstSyn() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/remote:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("default/client", "node-a", "underlay", "node-b", "default/remote-b");
        assertThat(nats(syn)).containsExactly(new Step.Nat("sock connect", "10.96.0.12:80", "10.244.1.3:8080"));
        assertThat(lookups(syn)).containsExactly(
                new Step.Lookup("cilium_lb4_services_v2", "10.96.0.12:80/TCP slot 0", "count 1, rev-nat 5 [ClusterIP, non-routable]"),
                new Step.Lookup("cilium_lb4_services_v2", "10.96.0.12:80/TCP slot 1", "backend id 1"),
                new Step.Lookup("cilium_lb4_backends_v3", "id 1", "10.244.1.3:8080"));
        // The translation happened in the client's socket before routing: the first step is the rewrite.
        assertThat(syn.hops().get(0).steps().get(0)).isEqualTo(lookups(syn).get(0));
        // No frame on any device of any host ever carries a ClusterIP.
        assertThat(wire(t)).isNotEmpty().allSatisfy(s -> assertThat(s.text()).doesNotContain("10.96.0."));
        // Later segments go to the connected peer without another lookup.
        assertThat(hosts(t.packets().get(2))).containsExactly("default/client", "node-a", "underlay", "node-b", "default/remote-b");
        assertThat(lookups(t.packets().get(2))).isEmpty();
        // The server sees the client pod itself: nothing was translated on the way.
        assertThat(Ip4.format(lastReceived(cluster, "default/remote-b", 8080).src())).isEqualTo("10.244.0.2");
    }

    @Test
    void repliesAreReverseTranslatedAtTheClientsSocket() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/remote:http", "tcp", 1);
        PacketTrace synAck = t.packets().get(1);
        assertThat(hosts(synAck)).containsExactly("default/remote-b", "node-b", "underlay", "node-a", "default/client");
        assertThat(nats(synAck)).containsExactly(new Step.Nat("sock getpeername", "10.244.1.3:8080", "10.96.0.12:80"));
        assertThat(lookups(synAck)).singleElement().satisfies(l -> {
            assertThat(l.table()).isEqualTo("cilium_lb4_reverse_sk");
            assertThat(l.key()).startsWith("[10.244.1.3]:8080, ");
            assertThat(l.result()).isEqualTo("[10.96.0.12]:80, 5");
        });
        Step.Deliver d = (Step.Deliver) steps(synAck).get(steps(synAck).size() - 1);
        assertThat(d.packet()).startsWith("10.96.0.12.80 > 10.244.0.2.");
        assertThat(t.packets().get(4).outcome().disposition()).isEqualTo(Disposition.DELIVERED);
    }

    @Test
    void udpIsTranslatedAtSendmsgAndRecvmsg() throws Exception {
        String udp = "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: udp, namespace: default}\nspec:\n  selector: {app: remote}\n"
                + "  clusterIP: 10.96.0.16\n  ports:\n    - {name: dns, protocol: UDP, port: 53, targetPort: 5353}\n";
        String text = Scenarios.text("/scenarios/cases.yaml").replace("proxyMode: iptables", "proxyMode: ebpf") + udp;
        Cluster c = ClusterBuilder.build(ScenarioLoader.parse("cases-ebpf-udp.yaml", text), 1);
        ConnectionTrace t = new ConnectionTracer(c).trace("default/client", "svc/default/udp:dns", "udp", 1);
        assertThat(t.complete()).isTrue();
        assertThat(nats(t.packets().get(0))).containsExactly(new Step.Nat("sock sendmsg", "10.96.0.16:53", "10.244.1.3:5353"));
        assertThat(nats(t.packets().get(1))).containsExactly(new Step.Nat("sock recvmsg", "10.244.1.3:5353", "10.96.0.16:53"));
        assertThat(lookups(t.packets().get(1))).extracting(Step.Lookup::table).containsExactly("cilium_lb4_reverse_sk");
        assertThat(wire(t)).allSatisfy(s -> assertThat(s.text()).doesNotContain("10.96.0."));
    }

    @Test
    void hairpinNeverLeavesThePod() {
        ConnectionTrace t = tracer.trace("default/solo-a", "svc/default/solo:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        assertThat(hosts(t.packets().get(0))).containsOnly("default/solo-a");
        assertThat(nats(t.packets().get(0))).containsExactly(new Step.Nat("sock connect", "10.96.0.11:80", "10.244.0.4:8080"));
        assertThat(Ip4.format(lastReceived(cluster, "default/solo-a", 8080).src())).isEqualTo("10.244.0.4");
    }

    @Test
    void nodePortFromOutsideIsTranslatedAtTcAndSnatedToTheNode() {
        ConnectionTrace t = tracer.trace("external", "node-a:30080", "tcp", 1);
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("external", "underlay", "node-a", "underlay", "node-b", "default/remote-b");
        List<Step.Nat> n = nats(syn);
        assertThat(n).hasSize(2);
        assertThat(n.get(0)).isEqualTo(new Step.Nat("tc DNAT", "192.168.49.2:30080", "10.244.1.3:8080"));
        assertThat(n.get(1).type()).isEqualTo("tc SNAT");
        assertThat(n.get(1).before()).startsWith("192.168.49.100:");
        assertThat(n.get(1).after()).isEqualTo("192.168.49.2:" + n.get(1).before().split(":")[1]); // the client's port is kept
        assertThat(lookups(syn)).extracting(Step.Lookup::table).containsExactly("cilium_lb4_services_v2", "cilium_ct4_global",
                "cilium_lb4_services_v2", "cilium_lb4_backends_v3", "cilium_snat_v4_external");
        assertThat(lookups(syn).get(1).result()).isEqualTo("miss -> new entry");
        assertThat(lookups(syn).get(1).key()).startsWith("TCP SERVICE 192.168.49.100:").endsWith(" -> 192.168.49.2:30080");
        // On node-a the packet went from eth0's tc hook straight back out of eth0: no netfilter hook, no routing by the stack.
        Hop nodeA = syn.hops().get(2);
        assertThat(nodeA.steps()).noneMatch(s -> s instanceof Step.HookEntered || s instanceof Step.Rule || s instanceof Step.Route);
        assertThat(Ip4.format(lastReceived(cluster, "default/remote-b", 8080).src())).isEqualTo("192.168.49.2");
        PacketTrace reply = t.packets().get(4);
        assertThat(reply.outcome().host()).isEqualTo("external");
        assertThat(hosts(reply)).containsExactly("default/remote-b", "node-b", "underlay", "node-a", "underlay", "external");
        assertThat(nats(reply)).extracting(Step.Nat::type).containsExactly("tc rev-SNAT", "tc rev-DNAT");
        assertThat(nats(reply).get(1).after()).isEqualTo("192.168.49.2:30080");
        assertThat(cluster.nodes().get("node-a").ns().conntrack().list()).isEmpty();
    }

    @Test
    void nodePortToALocalBackendIsNotSnated() {
        ConnectionTrace t = tracer.trace("external", "node-b:30081", "tcp", 2);
        assertThat(t.complete()).isTrue();
        assertThat(nats(t.packets().get(0))).extracting(Step.Nat::type).containsExactly("tc DNAT");
        assertThat(Ip4.format(lastReceived(cluster, "default/remote-b", 8080).src())).isEqualTo("192.168.49.100");
        // the reply leaves the pod, meets cil_from_container on its host interface and is reverse-translated there
        assertThat(nats(t.packets().get(1))).containsExactly(new Step.Nat("tc rev-DNAT", "10.244.1.3:8080", "192.168.49.3:30081"));
    }

    @Test
    void aServiceWithoutBackendsFailsConnectBeforeAnyPacketExists() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/empty:http", "tcp", 1);
        assertThat(t.complete()).isFalse();
        PacketTrace syn = t.packets().get(0);
        assertThat(syn.outcome().disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(syn.outcome().host()).isEqualTo("default/client");
        assertThat(syn.outcome().reason()).startsWith("connect(10.96.0.13:80) failed: EHOSTUNREACH (No route to host) from cil_sock4_connect at cgroup/connect4");
        assertThat(hosts(syn)).containsOnly("default/client");
        assertThat(wire(t)).isEmpty();
        assertThat(lookups(syn)).containsExactly(new Step.Lookup("cilium_lb4_services_v2", "10.96.0.13:80/TCP slot 0", "count 0, rev-nat 1 [ClusterIP, non-routable]"));
    }

    @Test
    void externalTrafficPolicyLocalWithoutLocalBackendsIsAnsweredWithPortUnreachable() {
        ConnectionTrace t = tracer.trace("external", "node-a:30081", "tcp", 1);
        PacketTrace syn = t.packets().get(0);
        assertThat(syn.outcome().disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(syn.outcome().host()).isEqualTo("node-a");
        assertThat(syn.outcome().reason()).isEqualTo("Service backend not found (192.168.49.2:30081/TCP) (tc ingress eth0 cil_from_netdev)");
        assertThat(hosts(syn)).endsWith("node-a", "underlay", "external");
        assertThat(syn.hops().get(syn.hops().size() - 1).steps()).anyMatch(s -> s instanceof Step.Deliver d && d.packet().contains("icmp type 3 code 3"));
    }

    @Test
    void sessionAffinityKeepsAPodOnOneBackend() {
        Set<String> sticky = new HashSet<>(), plain = new HashSet<>();
        for (long seed = 1; seed <= 8; seed++) {
            sticky.add(nats(tracer.trace("default/client", "svc/default/sticky:http", "tcp", seed).packets().get(0)).get(0).after());
            plain.add(nats(tracer.trace("default/client", "svc/default/web:http", "tcp", seed).packets().get(0)).get(0).after());
        }
        assertThat(sticky).hasSize(1);
        assertThat(plain).hasSizeGreaterThan(1);
        // The socket LB keys affinity by the client's network namespace cookie.
        EbpfProxier lb = (EbpfProxier) cluster.proxiers().get("node-a");
        assertThat(lb.maps().affinity().entries().keySet()).singleElement().satisfies(k -> assertThat(k.netnsCookie()).isTrue());
        PacketTrace second = tracer.trace("default/client", "svc/default/sticky:http", "tcp", 9).packets().get(0);
        assertThat(lookups(second)).extracting(Step.Lookup::table).contains("cilium_lb4_affinity");
    }

    @Test
    void theBpfViewListsTheNodesServices() {
        String list = HostRender.render(cluster, "node-a", "bpf");
        assertThat(list).startsWith("SERVICE ADDRESS          BACKEND ADDRESS (REVNAT_ID) (SLOT)");
        assertThat(list).contains("192.168.49.2:30080/TCP   0.0.0.0:0 (", "0.0.0.0:30080/TCP        0.0.0.0:0 (", "10.244.1.3:8080/TCP (");
        assertThat(HostRender.render(cluster, "node-a", "iptables")).doesNotContain("KUBE-SVC");
    }
}
