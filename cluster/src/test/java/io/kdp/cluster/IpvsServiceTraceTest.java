package io.kdp.cluster;

import static io.kdp.cluster.Traces.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.render.HostRender;
import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.ConnectionTracer;
import io.kdp.cluster.trace.PacketTrace;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service traffic through kube-proxy's IPVS mode on scenario "cases" (ServiceTraceTest's cases in proxyMode ipvs):
 * the ClusterIP is local on kube-ipvs0, so the packet reaches IPVS at INPUT on the client's node, is rewritten there
 * and leaves through OUTPUT and POSTROUTING; replies are un-NATed by IPVS at FORWARD.
 */
class IpvsServiceTraceTest {
    Cluster cluster;
    ConnectionTracer tracer;

    @BeforeEach
    void build() throws Exception {
        cluster = ClusterBuilder.build(Scenarios.load("cases"), 1, "ipvs");
        tracer = new ConnectionTracer(cluster);
    }

    static List<Step.Lookup> ipvsLookups(PacketTrace p) {
        return p.hops().stream().flatMap(h -> h.steps().stream())
                .filter(s -> s instanceof Step.Lookup l && l.table().equals("ipvs")).map(s -> (Step.Lookup) s).toList();
    }

    static String lastSource(Cluster c, String pod) {
        var s = c.pod(pod).ns().sockets().lookup(io.kdp.packet.IpProtocol.TCP, 0, 8080);
        return Ip4.format(s.received().get(s.received().size() - 1).src());
    }

    /** The index of the first step on {@code host} matching, or -1. */
    static int indexOf(List<Step> steps, java.util.function.Predicate<Step> p) {
        for (int i = 0; i < steps.size(); i++) if (p.test(steps.get(i))) return i;
        return -1;
    }

    @Test
    void podToClusterIpAcrossNodesIsScheduledAtInputOnTheClientsNode() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/remote:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        assertThat(t.proxyMode()).isEqualTo("ipvs");
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("default/client", "node-a", "underlay", "node-b", "default/remote-b");
        assertThat(ipvsLookups(syn)).containsExactly(new Step.Lookup("ipvs", "TCP 10.96.0.12:80", "rr -> 10.244.1.3:8080 (new conn)"));
        assertThat(nats(syn)).containsExactly(new Step.Nat("IPVS DNAT", "10.96.0.12:80", "10.244.1.3:8080"));
        // local route to kube-ipvs0, INPUT (KUBE-IPVS-FILTER lets the ClusterIP through), IPVS, then the output path
        List<Step> a = steps(syn, "node-a");
        int local = indexOf(a, s -> s instanceof Step.Route r && r.toString().contains("local 10.96.0.12 dev kube-ipvs0"));
        int filter = indexOf(a, s -> s instanceof Step.Rule r && r.chain().equals("KUBE-IPVS-FILTER") && r.verdict().equals("RETURN"));
        int lookup = indexOf(a, s -> s instanceof Step.Lookup l && l.table().equals("ipvs"));
        int out = indexOf(a, s -> s instanceof Step.Route r && r.toString().contains("10.244.1.0/24 via 192.168.49.3"));
        int post = indexOf(a, s -> s instanceof Step.Rule r && r.chain().equals("KUBE-POSTROUTING"));
        assertThat(List.of(local, filter, lookup, out, post)).doesNotContain(-1).isSorted();
        PacketTrace synAck = t.packets().get(1);
        assertThat(hosts(synAck)).containsExactly("default/remote-b", "node-b", "underlay", "node-a", "default/client");
        assertThat(nats(synAck)).containsExactly(new Step.Nat("IPVS un-DNAT", "10.244.1.3:8080", "10.96.0.12:80"));
        assertThat(ipvsLookups(synAck)).singleElement().satisfies(l -> assertThat(l.result()).startsWith("reply of conn 10.96.0.12:80 -> 10.244.1.3:8080"));
        assertThat(lastSource(cluster, "default/remote-b")).isEqualTo("10.244.0.2");
        assertThat(HostRender.render(cluster, "node-a", "ipvsadm")).contains("TCP  10.96.0.12:80 rr\n  -> 10.244.1.3:8080              Masq    1      1          0");
    }

    @Test
    void nodePortFromAnExternalClientIsMasqueradedToTheNodeAddress() {
        ConnectionTrace t = tracer.trace("external", "node-a:30080", "tcp", 1);
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("external", "underlay", "node-a", "underlay", "node-b", "default/remote-b");
        assertThat(steps(syn, "node-a")).anyMatch(s -> s instanceof Step.Rule r && r.chain().equals("KUBE-NODE-PORT")
                && r.rule().contains("--match-set KUBE-NODE-PORT-TCP dst") && r.rule().contains("KUBE-MARK-MASQ"));
        assertThat(nats(syn)).hasSize(2);
        assertThat(nats(syn).get(0)).isEqualTo(new Step.Nat("IPVS DNAT", "192.168.49.2:30080", "10.244.1.3:8080"));
        assertThat(nats(syn).get(1).type()).isEqualTo("MASQUERADE");
        assertThat(nats(syn).get(1).after()).startsWith("192.168.49.2:");
        assertThat(lastSource(cluster, "default/remote-b")).isEqualTo("192.168.49.2");
        PacketTrace reply = t.packets().get(4);
        assertThat(hosts(reply)).containsExactly("default/remote-b", "node-b", "underlay", "node-a", "underlay", "external");
        assertThat(nats(reply)).extracting(Step.Nat::type).containsExactly("un-SNAT", "IPVS un-DNAT");
        assertThat(reply.outcome().host()).isEqualTo("external");
    }

    @Test
    void hairpinIsMasqueradedThroughKubeLoopBack() {
        ConnectionTrace t = tracer.trace("default/solo-a", "svc/default/solo:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("default/solo-a", "node-a", "default/solo-a");
        assertThat(nats(syn).get(0)).isEqualTo(new Step.Nat("IPVS DNAT", "10.96.0.11:80", "10.244.0.4:8080"));
        assertThat(nats(syn).get(1).type()).isEqualTo("MASQUERADE");
        assertThat(steps(syn, "node-a")).anyMatch(s -> s instanceof Step.Rule r && r.chain().equals("KUBE-POSTROUTING")
                && r.rule().contains("--match-set KUBE-LOOP-BACK dst,dst,src") && r.verdict().equals("MASQUERADE"));
        assertThat(lastSource(cluster, "default/solo-a")).isEqualTo("192.168.49.2");
    }

    @Test
    void aServiceWithoutEndpointsIsAnsweredWithPortUnreachableByIpvs() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/empty:http", "tcp", 1);
        assertThat(t.complete()).isFalse();
        PacketTrace syn = t.packets().get(0);
        assertThat(syn.outcome().disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(syn.outcome().host()).isEqualTo("node-a");
        assertThat(syn.outcome().reason()).isEqualTo("IPVS: no destination available for TCP 10.96.0.13:80");
        assertThat(ipvsLookups(syn)).containsExactly(new Step.Lookup("ipvs", "TCP 10.96.0.13:80", "rr -> no destination available"));
        // no REJECT rule in iptables (the iptables mode's filter KUBE-SERVICES has one): ip_vs_leave sends the error
        assertThat(steps(syn, "node-a")).noneMatch(s -> s instanceof Step.Rule r && r.verdict().equals("REJECT"));
        assertThat(hosts(syn)).endsWith("node-a", "default/client");
        assertThat(syn.hops().get(syn.hops().size() - 1).steps()).anyMatch(s -> s instanceof Step.Deliver d && d.packet().contains("icmp type 3 code 3"));
    }

    @Test
    void sessionAffinityIsIpvsPersistence() throws Exception {
        Set<String> sticky = new HashSet<>(), plain = new HashSet<>();
        for (long seed = 1; seed <= 8; seed++) {
            sticky.add(nats(tracer.trace("default/client", "svc/default/sticky:http", "tcp", seed).packets().get(0)).get(0).after());
            plain.add(nats(tracer.trace("default/client", "svc/default/web:http", "tcp", seed).packets().get(0)).get(0).after());
        }
        assertThat(sticky).hasSize(1);
        assertThat(plain).hasSizeGreaterThan(1);
        assertThat(HostRender.render(cluster, "node-a", "ipvsadm")).contains("TCP  10.96.0.14:80 rr persistent 600\n");
        var ipvs = cluster.nodes().get("node-a").ns().ipvs();
        assertThat(ipvs.connectionEntries()).anyMatch(c -> c.template() && Ip4.format(c.clientAddress()).equals("10.244.0.2")
                && Ip4.format(c.virtualAddress()).equals("10.96.0.14"));
    }

    @Test
    void externalTrafficPolicyLocalKeepsTheClientAddress() {
        // node-b has the endpoint: IPVS DNAT without masquerade (KUBE-NODE-PORT-LOCAL-TCP returns first)
        ConnectionTrace onB = tracer.trace("external", "node-b:30081", "tcp", 2);
        assertThat(onB.complete()).isTrue();
        assertThat(nats(onB.packets().get(0))).extracting(Step.Nat::type).containsExactly("IPVS DNAT");
        assertThat(lastSource(cluster, "default/remote-b")).isEqualTo("192.168.49.100");
        // node-a has none: kube-proxy falls back to all endpoints (PR 97081), unmasqueraded, so the reply bypasses node-a
        ConnectionTrace onA = tracer.trace("external", "node-a:30081", "tcp", 1);
        PacketTrace syn = onA.packets().get(0);
        assertThat(steps(syn, "node-a")).anyMatch(s -> s instanceof Step.Rule r && r.rule().contains("KUBE-NODE-PORT-LOCAL-TCP dst") && r.verdict().equals("RETURN"));
        assertThat(nats(syn)).containsExactly(new Step.Nat("IPVS DNAT", "192.168.49.2:30081", "10.244.1.3:8080"));
        PacketTrace synAck = onA.packets().get(1);
        assertThat(nats(synAck)).isEmpty();
        // The client connected to node-a:30081 and the answer comes from the pod: no socket takes it,
        // so the client's kernel resets (tcp_v4_send_reset) and the connection fails.
        assertThat(hosts(synAck)).startsWith("default/remote-b", "node-b", "underlay", "external");
        assertThat(synAck.outcome().disposition()).isEqualTo(io.kdp.linux.trace.Disposition.REJECTED);
        assertThat(synAck.outcome().host()).isEqualTo("external");
        assertThat(onA.complete()).isFalse();
    }

    @Test
    void nodeViewsRenderIpvsadmAndIpset() {
        assertThat(HostRender.VIEWS).contains("ipvsadm", "ipset");
        assertThat(HostRender.render(cluster, "node-b", "ipset")).contains("add KUBE-NODE-PORT-TCP 30080\n", "add KUBE-NODE-PORT-LOCAL-TCP 30081\n",
                "add KUBE-LOOP-BACK 10.244.1.3,tcp:8080,10.244.1.3\n");
        assertThat(HostRender.render(cluster, "node-b", "addr")).contains("kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN",
                "inet 10.96.0.12/32 scope global kube-ipvs0");
    }
}
