package io.kdp.cluster;

import static io.kdp.cluster.Traces.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.ConnectionTracer;
import io.kdp.cluster.trace.PacketTrace;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Service traffic through kube-proxy's iptables rules on a three-node routed cluster (scenario "cases"). */
class ServiceTraceTest {
    Cluster cluster;
    ConnectionTracer tracer;

    @BeforeEach
    void build() throws Exception {
        cluster = Scenarios.build("cases", 1);
        tracer = new ConnectionTracer(cluster);
    }

    @Test
    void podToClusterIpOnTheSameNodeNeverLeavesTheNode() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/solo:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        assertThat(t.packets()).extracting(PacketTrace::label).containsExactly("SYN", "SYN-ACK", "ACK", "request", "reply");
        assertThat(hosts(t.packets().get(0))).containsExactly("default/client", "node-a", "default/solo-a");
        assertThat(nats(t.packets().get(0))).containsExactly(new Step.Nat("DNAT", "10.96.0.11:80", "10.244.0.4:8080"));
        assertThat(hosts(t.packets().get(1))).containsExactly("default/solo-a", "node-a", "default/client");
        assertThat(nats(t.packets().get(1))).containsExactly(new Step.Nat("un-DNAT", "10.244.0.4:8080", "10.96.0.11:80"));
        // The server saw the client's own address; the client saw the reply come from the ClusterIP.
        assertThat(Ip4.format(lastReceived(cluster, "default/solo-a", 8080).src())).isEqualTo("10.244.0.2");
        assertThat(t.packets().get(4).outcome().disposition()).isEqualTo(Disposition.DELIVERED);
    }

    @Test
    void podToClusterIpAcrossNodesIsDnatedOnTheClientsNodeAndUnDnatedOnTheWayBack() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/remote:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("default/client", "node-a", "underlay", "node-b", "default/remote-b");
        assertThat(nats(syn)).containsExactly(new Step.Nat("DNAT", "10.96.0.12:80", "10.244.1.3:8080"));
        PacketTrace synAck = t.packets().get(1);
        assertThat(hosts(synAck)).containsExactly("default/remote-b", "node-b", "underlay", "node-a", "default/client");
        assertThat(nats(synAck)).containsExactly(new Step.Nat("un-DNAT", "10.244.1.3:8080", "10.96.0.12:80"));
        assertThat(synAck.outcome().host()).isEqualTo("default/client");
    }

    @Test
    void nodePortFromAnExternalClientIsMasqueradedToTheNodeAddress() {
        ConnectionTrace t = tracer.trace("external", "node-a:30080", "tcp", 1);
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("external", "underlay", "node-a", "underlay", "node-b", "default/remote-b");
        assertThat(nats(syn)).hasSize(2);
        assertThat(nats(syn).get(0)).isEqualTo(new Step.Nat("DNAT", "192.168.49.2:30080", "10.244.1.3:8080"));
        assertThat(nats(syn).get(1).type()).isEqualTo("MASQUERADE");
        assertThat(nats(syn).get(1).after()).startsWith("192.168.49.2:");
        Packet seen = lastReceived(cluster, "default/remote-b", 8080);
        assertThat(Ip4.format(seen.src())).isEqualTo("192.168.49.2");
        // The reply is un-masqueraded and un-DNATed on node-a: the client sees node-a:30080 answer.
        PacketTrace reply = t.packets().get(4);
        assertThat(reply.outcome().host()).isEqualTo("external");
        assertThat(hosts(reply)).containsExactly("default/remote-b", "node-b", "underlay", "node-a", "underlay", "external");
        assertThat(nats(reply)).extracting(Step.Nat::type).containsExactly("un-SNAT", "un-DNAT");
    }

    @Test
    void hairpinLandsOnItselfMasqueradedToTheNode() {
        ConnectionTrace t = tracer.trace("default/solo-a", "svc/default/solo:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("default/solo-a", "node-a", "default/solo-a");
        assertThat(nats(syn).get(0)).isEqualTo(new Step.Nat("DNAT", "10.96.0.11:80", "10.244.0.4:8080"));
        assertThat(nats(syn).get(1).type()).isEqualTo("MASQUERADE");
        assertThat(syn.hops().get(1).steps()).anyMatch(s -> s instanceof Step.Rule r && r.chain().startsWith("KUBE-SEP-") && r.rule().contains("-s 10.244.0.4/32") && r.rule().contains("KUBE-MARK-MASQ"));
        assertThat(Ip4.format(lastReceived(cluster, "default/solo-a", 8080).src())).isEqualTo("192.168.49.2");
    }

    @Test
    void serviceWithoutEndpointsIsRejectedWithPortUnreachable() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/empty:http", "tcp", 1);
        assertThat(t.complete()).isFalse();
        PacketTrace syn = t.packets().get(0);
        assertThat(syn.outcome().disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(syn.outcome().host()).isEqualTo("node-a");
        assertThat(syn.hops().get(1).steps()).anyMatch(s -> s instanceof Step.Rule r && r.table().equals("filter") && r.chain().equals("KUBE-SERVICES")
                && r.rule().contains("\"default/empty:http has no endpoints\"") && r.verdict().equals("REJECT"));
        // The ICMP error travels back to the client, quoting the ClusterIP it tried.
        assertThat(hosts(syn)).endsWith("node-a", "default/client");
        assertThat(syn.hops().get(syn.hops().size() - 1).steps()).anyMatch(s -> s instanceof Step.Deliver d && d.packet().contains("icmp type 3 code 3"));
    }

    @Test
    void sessionAffinityClientIpSticksToOneEndpoint() {
        Set<String> sticky = new HashSet<>();
        Set<String> plain = new HashSet<>();
        for (long seed = 1; seed <= 8; seed++) {
            sticky.add(nats(tracer.trace("default/client", "svc/default/sticky:http", "tcp", seed).packets().get(0)).get(0).after());
            plain.add(nats(tracer.trace("default/client", "svc/default/web:http", "tcp", seed).packets().get(0)).get(0).after());
        }
        assertThat(sticky).hasSize(1);
        assertThat(plain).hasSizeGreaterThan(1);
        // The client's address sits in the recent list of exactly the endpoint it sticks to (xt_recent).
        var ipt = cluster.nodes().get("node-a").ns().iptables();
        List<String> lists = ipt.save().lines().filter(l -> l.contains("default/sticky:http") && l.contains("--set"))
                .map(l -> l.replaceAll(".*--name (KUBE-SEP-\\w+).*", "$1")).toList();
        assertThat(lists).hasSize(3);
        assertThat(lists.stream().filter(n -> ipt.recentTable(n).render().contains("src=10.244.0.2"))).hasSize(1);
    }

    @Test
    void externalTrafficPolicyLocalDropsOnANodeWithoutLocalEndpoints() {
        ConnectionTrace onA = tracer.trace("external", "node-a:30081", "tcp", 1);
        assertThat(onA.packets().get(0).outcome().disposition()).isEqualTo(Disposition.DROPPED);
        assertThat(onA.packets().get(0).outcome().reason()).contains("KUBE-EXTERNAL-SERVICES");
        ConnectionTrace onB = tracer.trace("external", "node-b:30081", "tcp", 2);
        assertThat(onB.complete()).isTrue();
        // Local policy keeps the client's address: no masquerade on node-b.
        assertThat(nats(onB.packets().get(0))).extracting(Step.Nat::type).containsExactly("DNAT");
        assertThat(Ip4.format(lastReceived(cluster, "default/remote-b", 8080).src())).isEqualTo("192.168.49.100");
    }

    @Test
    void pingToAPodIsAnsweredByItsKernel() {
        ConnectionTrace t = tracer.trace("default/client", "default/web-b", "icmp", 1);
        assertThat(t.complete()).isTrue();
        assertThat(t.packets()).singleElement().satisfies(p -> assertThat(p.outcome().disposition()).isEqualTo(Disposition.DELIVERED));
        assertThat(cluster.pod("default/client").ns().sockets().all()).isEmpty();
        assertThat(IcmpHeader.ECHO_REPLY).isZero();
    }
}
