package io.kdp.cluster;

import static io.kdp.cluster.Traces.hosts;
import static io.kdp.cluster.Traces.lastReceived;
import static io.kdp.cluster.Traces.nats;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.ConnectionTracer;
import io.kdp.cluster.trace.PacketTrace;
import io.kdp.linux.nftables.NftFamily;
import io.kdp.linux.nftables.NftSet;
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
 * The cases of {@link ServiceTraceTest} with kube-proxy in nftables mode (scenario "cases", mode overridden): the
 * same packets reach the same pods, through the verdict maps, numgen and the NAT core instead of the iptables chains.
 */
class NftablesServiceTraceTest {
    Cluster cluster;
    ConnectionTracer tracer;

    @BeforeEach
    void build() throws Exception {
        cluster = ClusterBuilder.build(Scenarios.load("cases"), 1, "nftables");
        tracer = new ConnectionTracer(cluster);
    }

    /** The nft rule and NAT steps of the hop on {@code host}, as text. */
    static List<String> nftSteps(PacketTrace p, String host) {
        Hop hop = p.hops().stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow();
        return hop.steps().stream().filter(s -> s instanceof Step.NftRule || s instanceof Step.Nat).map(Step::text).toList();
    }

    @Test
    void theModeIsNftablesAndNoIptablesRuleIsWritten() {
        var node = cluster.nodes().get("node-a").ns();
        assertThat(cluster.proxiers().get("node-a").mode()).isEqualTo("nftables");
        assertThat(node.nftables().table(NftFamily.IP, "kube-proxy")).isNotNull();
        assertThat(node.iptables().save()).doesNotContain("KUBE-");
        assertThat(tracer.trace("default/client", "svc/default/solo:http", "tcp", 1).proxyMode()).isEqualTo("nftables");
    }

    @Test
    void podToClusterIpAcrossNodesIsDnatedThroughTheVerdictMapAndUnDnatedOnTheWayBack() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/remote:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("default/client", "node-a", "underlay", "node-b", "default/remote-b");
        assertThat(nftSteps(syn, "node-a")).containsExactly(
                "nft ip kube-proxy filter-prerouting-pre-dnat: ct state new jump firewall-check  => jump firewall-check",
                "nft ip kube-proxy filter-prerouting-pre-dnat: policy accept  => accept",
                "nft ip kube-proxy nat-prerouting: jump services  => jump services",
                "nft ip kube-proxy services: ip daddr . meta l4proto . th dport vmap @service-ips  => goto service-UZ3H46DQ-default/remote/tcp/http",
                "nft ip kube-proxy service-UZ3H46DQ-default/remote/tcp/http: numgen random mod 1 vmap { 0 : goto "
                        + "endpoint-SBLAEQKP-default/remote/tcp/http__10.244.1.3/8080 }  => goto endpoint-SBLAEQKP-default/remote/tcp/http__10.244.1.3/8080",
                "nft ip kube-proxy endpoint-SBLAEQKP-default/remote/tcp/http__10.244.1.3/8080: meta l4proto tcp dnat to 10.244.1.3:8080  => accept",
                "DNAT 10.96.0.12:80 -> 10.244.1.3:8080",
                "nft ip kube-proxy filter-forward: ct state new jump service-endpoints-check  => jump service-endpoints-check",
                "nft ip kube-proxy filter-forward: ct state new jump cluster-ips-check  => jump cluster-ips-check",
                "nft ip kube-proxy filter-forward: policy accept  => accept",
                "nft ip kube-proxy nat-postrouting: jump masquerading  => jump masquerading",
                "nft ip kube-proxy masquerading: meta mark & 0x00004000 == 0x00000000 return  => return",
                "nft ip kube-proxy nat-postrouting: policy accept  => accept");
        // node-b's kube-proxy sees a pod address, not a service: nothing of its own matches but the base chains
        assertThat(nftSteps(syn, "node-b")).doesNotContain("DNAT").allMatch(s -> !s.contains("services:"));
        PacketTrace synAck = t.packets().get(1);
        assertThat(hosts(synAck)).containsExactly("default/remote-b", "node-b", "underlay", "node-a", "default/client");
        assertThat(nftSteps(synAck, "node-a")).containsExactly(
                "nft ip kube-proxy filter-prerouting-pre-dnat: policy accept  => accept",
                "nft ip kube-proxy filter-forward: policy accept  => accept",
                "un-DNAT 10.244.1.3:8080 -> 10.96.0.12:80");
        assertThat(synAck.outcome().host()).isEqualTo("default/client");
    }

    @Test
    void podToClusterIpOnTheSameNodeNeverLeavesTheNode() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/solo:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        assertThat(hosts(t.packets().get(0))).containsExactly("default/client", "node-a", "default/solo-a");
        assertThat(nats(t.packets().get(0))).containsExactly(new Step.Nat("DNAT", "10.96.0.11:80", "10.244.0.4:8080"));
        assertThat(nats(t.packets().get(1))).containsExactly(new Step.Nat("un-DNAT", "10.244.0.4:8080", "10.96.0.11:80"));
        assertThat(Ip4.format(lastReceived(cluster, "default/solo-a", 8080).src())).isEqualTo("10.244.0.2");
        assertThat(t.packets().get(4).outcome().disposition()).isEqualTo(Disposition.DELIVERED);
    }

    @Test
    void nodePortFromAnExternalClientIsMarkedInTheExternalChainAndMasqueraded() {
        ConnectionTrace t = tracer.trace("external", "node-a:30080", "tcp", 1);
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("external", "underlay", "node-a", "underlay", "node-b", "default/remote-b");
        List<String> steps = nftSteps(syn, "node-a");
        assertThat(steps.subList(0, steps.size() - 1)).containsExactly(
                "nft ip kube-proxy filter-prerouting-pre-dnat: ct state new jump firewall-check  => jump firewall-check",
                "nft ip kube-proxy filter-prerouting-pre-dnat: policy accept  => accept",
                "nft ip kube-proxy nat-prerouting: jump services  => jump services",
                "nft ip kube-proxy services: fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports"
                        + "  => goto external-UZ3H46DQ-default/remote/tcp/http",
                "nft ip kube-proxy external-UZ3H46DQ-default/remote/tcp/http: jump mark-for-masquerade  => jump mark-for-masquerade",
                "nft ip kube-proxy mark-for-masquerade: meta mark set meta mark | 0x00004000",
                "nft ip kube-proxy external-UZ3H46DQ-default/remote/tcp/http: goto service-UZ3H46DQ-default/remote/tcp/http"
                        + "  => goto service-UZ3H46DQ-default/remote/tcp/http",
                "nft ip kube-proxy service-UZ3H46DQ-default/remote/tcp/http: numgen random mod 1 vmap { 0 : goto "
                        + "endpoint-SBLAEQKP-default/remote/tcp/http__10.244.1.3/8080 }  => goto endpoint-SBLAEQKP-default/remote/tcp/http__10.244.1.3/8080",
                "nft ip kube-proxy endpoint-SBLAEQKP-default/remote/tcp/http__10.244.1.3/8080: meta l4proto tcp dnat to 10.244.1.3:8080  => accept",
                "DNAT 192.168.49.2:30080 -> 10.244.1.3:8080",
                "nft ip kube-proxy filter-forward: ct state new jump service-endpoints-check  => jump service-endpoints-check",
                "nft ip kube-proxy filter-forward: ct state new jump cluster-ips-check  => jump cluster-ips-check",
                "nft ip kube-proxy filter-forward: policy accept  => accept",
                "nft ip kube-proxy nat-postrouting: jump masquerading  => jump masquerading",
                "nft ip kube-proxy masquerading: meta mark set meta mark ^ 0x00004000",
                "nft ip kube-proxy masquerading: masquerade fully-random  => accept");
        assertThat(steps.get(steps.size() - 1)).startsWith("MASQUERADE 192.168.49.100:").contains(" -> 192.168.49.2:");
        assertThat(Ip4.format(lastReceived(cluster, "default/remote-b", 8080).src())).isEqualTo("192.168.49.2");
        PacketTrace reply = t.packets().get(4);
        assertThat(reply.outcome().host()).isEqualTo("external");
        assertThat(hosts(reply)).containsExactly("default/remote-b", "node-b", "underlay", "node-a", "underlay", "external");
        assertThat(nats(reply)).extracting(Step.Nat::type).containsExactly("un-SNAT", "un-DNAT");
    }

    @Test
    void hairpinIsMarkedInTheEndpointChainAndMasqueradedToTheNode() {
        ConnectionTrace t = tracer.trace("default/solo-a", "svc/default/solo:http", "tcp", 1);
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(hosts(syn)).containsExactly("default/solo-a", "node-a", "default/solo-a");
        assertThat(nftSteps(syn, "node-a")).anyMatch(s -> s.matches("nft ip kube-proxy endpoint-\\w{8}-default/solo/tcp/http__10\\.244\\.0\\.4/8080: "
                + "ip saddr 10\\.244\\.0\\.4 jump mark-for-masquerade  => jump mark-for-masquerade"));
        assertThat(nats(syn).get(0)).isEqualTo(new Step.Nat("DNAT", "10.96.0.11:80", "10.244.0.4:8080"));
        assertThat(nats(syn).get(1).type()).isEqualTo("MASQUERADE");
        assertThat(Ip4.format(lastReceived(cluster, "default/solo-a", 8080).src())).isEqualTo("192.168.49.2");
    }

    @Test
    void serviceWithoutEndpointsIsRejectedThroughTheNoEndpointMap() {
        ConnectionTrace t = tracer.trace("default/client", "svc/default/empty:http", "tcp", 1);
        assertThat(t.complete()).isFalse();
        PacketTrace syn = t.packets().get(0);
        assertThat(syn.outcome().disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(syn.outcome().host()).isEqualTo("node-a");
        assertThat(syn.outcome().reason()).isEqualTo("nft ip kube-proxy reject-chain: reject");
        assertThat(nftSteps(syn, "node-a")).containsSubsequence(
                "nft ip kube-proxy nat-prerouting: jump services  => jump services",
                "nft ip kube-proxy nat-prerouting: policy accept  => accept",
                "nft ip kube-proxy filter-forward: ct state new jump service-endpoints-check  => jump service-endpoints-check",
                "nft ip kube-proxy service-endpoints-check: ip daddr . meta l4proto . th dport vmap @no-endpoint-services  => goto reject-chain",
                "nft ip kube-proxy reject-chain: reject  => drop");
        assertThat(nats(syn)).isEmpty();
        assertThat(hosts(syn)).endsWith("node-a", "default/client");
        assertThat(syn.hops().get(syn.hops().size() - 1).steps()).anyMatch(s -> s instanceof Step.Deliver d && d.packet().contains("icmp type 3 code 3"));
    }

    @Test
    void sessionAffinityClientIpSticksThroughTheAffinitySet() {
        Set<String> sticky = new HashSet<>();
        Set<String> plain = new HashSet<>();
        List<String> second = null;
        for (long seed = 1; seed <= 8; seed++) {
            PacketTrace syn = tracer.trace("default/client", "svc/default/sticky:http", "tcp", seed).packets().get(0);
            sticky.add(nats(syn).get(0).after());
            if (seed == 2) second = nftSteps(syn, "node-a");
            plain.add(nats(tracer.trace("default/client", "svc/default/web:http", "tcp", seed).packets().get(0)).get(0).after());
        }
        assertThat(sticky).hasSize(1);
        assertThat(plain).hasSizeGreaterThan(1);
        String ep = sticky.iterator().next(); // e.g. 10.244.1.2:8080
        String suffix = "-default/sticky/tcp/http__" + ep.replace(':', '/');
        // The second connection is sent by the affinity lookup, before numgen is consulted.
        assertThat(second.get(3)).isEqualTo("nft ip kube-proxy services: ip daddr . meta l4proto . th dport vmap @service-ips  => goto service-H6U4RGLG-default/sticky/tcp/http");
        String hash = second.get(4).replaceAll(".*ip saddr @affinity-(\\w{8})-.*", "$1");
        assertThat(second.subList(4, 8)).containsExactly(
                "nft ip kube-proxy service-H6U4RGLG-default/sticky/tcp/http: ip saddr @affinity-" + hash + suffix + " goto endpoint-" + hash + suffix
                        + "  => goto endpoint-" + hash + suffix,
                "nft ip kube-proxy endpoint-" + hash + suffix + ": update @affinity-" + hash + suffix + " { ip saddr }",
                "nft ip kube-proxy endpoint-" + hash + suffix + ": meta l4proto tcp dnat to " + ep + "  => accept",
                "DNAT 10.96.0.14:80 -> " + ep);
        assertThat(second).noneMatch(s -> s.contains("numgen"));
        // Exactly one affinity set of the service holds the client (nft_dynset).
        var table = cluster.nodes().get("node-a").ns().nftables().table(NftFamily.IP, "kube-proxy");
        List<NftSet> sets = table.sets().stream().filter(s -> s.name().startsWith("affinity-") && s.name().contains("/sticky/")).toList();
        assertThat(sets).hasSize(3);
        assertThat(sets).filteredOn(s -> s.elementCount() == 1).extracting(NftSet::name).containsExactly("affinity-" + hash + suffix);
    }

    @Test
    void externalTrafficPolicyLocalDropsOnANodeWithoutLocalEndpoints() {
        ConnectionTrace onA = tracer.trace("external", "node-a:30081", "tcp", 1);
        PacketTrace syn = onA.packets().get(0);
        assertThat(syn.outcome().disposition()).isEqualTo(Disposition.DROPPED);
        assertThat(syn.outcome().reason()).isEqualTo(
                "nft ip kube-proxy nodeport-endpoints-check: ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports");
        assertThat(nats(syn)).isEmpty();
        ConnectionTrace onB = tracer.trace("external", "node-b:30081", "tcp", 2);
        assertThat(onB.complete()).isTrue();
        assertThat(nftSteps(onB.packets().get(0), "node-b")).anyMatch(s -> s.matches(
                "nft ip kube-proxy external-(\\w{8})-default/remote-local/tcp/http: goto local-\\1-default/remote-local/tcp/http  => goto local-.*"));
        // Local policy keeps the client's address: no masquerade on node-b.
        assertThat(nats(onB.packets().get(0))).extracting(Step.Nat::type).containsExactly("DNAT");
        assertThat(Ip4.format(lastReceived(cluster, "default/remote-b", 8080).src())).isEqualTo("192.168.49.100");
    }
}
