package io.kdp.cluster.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.nftables.NftException;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Offline traces over an {@code nft list ruleset} dump of kube-proxy's nftables table (node-a of scenario "cases":
 * node 192.168.49.2, pods 10.244.0.0/16, services 10.96.0.0/12).
 */
class NftTraceTest {
    static final String DUMP = "kube-proxy-nft.list";
    static final String NODE_IP = "192.168.49.2";

    static TraceReport trace(String src, String dst, int proto, int dport, boolean allPaths, long seed) {
        return NftTrace.trace(new TraceRequest(DUMP, IptablesTraceTest.resource(DUMP), new TracePacket(Ip4.parse(src), Ip4.parse(dst), proto, 40000, dport),
                List.of(Ip4.parse(NODE_IP)), Map.of(), allPaths, seed));
    }

    @Test
    void clusterIpWithThreeEndpointsGivesThreeOutcomesOfOneThirdEach() {
        TraceReport r = trace("10.244.0.2", "10.96.0.10", IpProtocol.TCP, 80, true, 1);
        assertThat(r.outcomes()).extracting(TraceOutcome::dnat).containsExactly("10.244.0.3:8080", "10.244.1.2:8080", "10.244.2.2:8080");
        assertThat(r.outcomes()).extracting(TraceOutcome::probability).containsOnly(new BigDecimal("0.333333333333"));
        assertThat(r.outcomes()).extracting(TraceOutcome::verdict).containsOnly(Verdict.ACCEPT);
        assertThat(r.outcomes()).extracting(TraceOutcome::masquerade).containsOnly(false);
        assertThat(r.outcomes()).extracting(TraceOutcome::ending).containsOnly("forwarded out eth0");
        assertThat(r.outcomes().get(1).steps()).containsExactly(
                "nft ip kube-proxy filter-prerouting-pre-dnat: ct state new jump firewall-check  => jump firewall-check",
                "nft ip kube-proxy nat-prerouting: jump services  => jump services",
                "nft ip kube-proxy services: ip daddr . meta l4proto . th dport vmap @service-ips  => goto service-SUSTUHLJ-default/web/tcp/http",
                "nft ip kube-proxy service-SUSTUHLJ-default/web/tcp/http: numgen random mod 3 vmap { 0 : goto endpoint-E7CNK33K-default/web/tcp/http__10.244.0.3/8080, "
                        + "1 : goto endpoint-SVLGPL42-default/web/tcp/http__10.244.1.2/8080, 2 : goto endpoint-AAOQDDFY-default/web/tcp/http__10.244.2.2/8080 }"
                        + "  => goto endpoint-SVLGPL42-default/web/tcp/http__10.244.1.2/8080",
                "nft ip kube-proxy endpoint-SVLGPL42-default/web/tcp/http__10.244.1.2/8080: meta l4proto tcp dnat to 10.244.1.2:8080  => accept",
                "nft ip kube-proxy filter-forward: ct state new jump service-endpoints-check  => jump service-endpoints-check",
                "nft ip kube-proxy filter-forward: ct state new jump cluster-ips-check  => jump cluster-ips-check",
                "nft ip kube-proxy nat-postrouting: jump masquerading  => jump masquerading",
                "nft ip kube-proxy masquerading: meta mark & 0x00004000 == 0x00000000 return  => return");
    }

    @Test
    void withoutAllPathsOneSeededPathIsDrawn() {
        TraceReport a = trace("10.244.0.2", "10.96.0.10", IpProtocol.TCP, 80, false, 7);
        TraceReport b = trace("10.244.0.2", "10.96.0.10", IpProtocol.TCP, 80, false, 7);
        assertThat(a.outcomes()).singleElement().satisfies(o -> assertThat(o.probability()).isEqualTo(new BigDecimal("0.333333333333")));
        assertThat(a.outcomes().get(0).dnat()).isEqualTo(b.outcomes().get(0).dnat()).isIn("10.244.0.3:8080", "10.244.1.2:8080", "10.244.2.2:8080");
    }

    @Test
    void nodePortFromOutsideIsMasqueradedAndTheMarkIsClearedOnTheWayOut() {
        TraceReport r = trace("192.168.49.100", NODE_IP, IpProtocol.TCP, 30080, true, 1);
        assertThat(r.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.probability()).isEqualTo(BigDecimal.ONE);
            assertThat(o.dnat()).isEqualTo("10.244.1.3:8080");
            assertThat(o.masquerade()).isTrue();
            assertThat(o.markHex()).isEqualTo("0x0");
            assertThat(o.steps()).contains(
                    "nft ip kube-proxy external-UZ3H46DQ-default/remote/tcp/http: jump mark-for-masquerade  => jump mark-for-masquerade",
                    "nft ip kube-proxy mark-for-masquerade: meta mark set meta mark | 0x00004000")
                    .endsWith("nft ip kube-proxy masquerading: meta mark set meta mark ^ 0x00004000",
                            "nft ip kube-proxy masquerading: masquerade fully-random  => accept");
        });
    }

    @Test
    void serviceWithoutEndpointsIsRejected() {
        TraceReport r = trace("10.244.0.2", "10.96.0.13", IpProtocol.TCP, 80, true, 1);
        assertThat(r.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.verdict()).isEqualTo(Verdict.REJECT);
            assertThat(o.ending()).isEqualTo("rejected: nft ip kube-proxy reject-chain: reject");
            assertThat(o.dnat()).isNull();
            assertThat(o.steps()).endsWith(
                    "nft ip kube-proxy service-endpoints-check: ip daddr . meta l4proto . th dport vmap @no-endpoint-services  => goto reject-chain",
                    "nft ip kube-proxy reject-chain: reject  => drop");
        });
    }

    @Test
    void externalPolicyLocalWithoutLocalEndpointIsDropped() {
        TraceReport r = trace("192.168.49.100", NODE_IP, IpProtocol.TCP, 30081, true, 1);
        assertThat(r.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.verdict()).isEqualTo(Verdict.DROP);
            assertThat(o.ending()).isEqualTo("dropped: nft ip kube-proxy nodeport-endpoints-check: ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports");
        });
    }

    @Test
    void aRulesetThatDoesNotLoadIsReportedWithFileAndLine() {
        TraceRequest bad = new TraceRequest("bad.nft", "table ip t {\n\tchain c {\n\t\tip daddr 10.0.0.1 frobnicate\n\t}\n}\n",
                new TracePacket(Ip4.parse("10.0.0.2"), Ip4.parse("10.0.0.1"), IpProtocol.TCP, 1, 80), List.of(), Map.of(), false, 1);
        assertThatThrownBy(() -> NftTrace.trace(bad)).isInstanceOf(NftException.class)
                .satisfies(e -> {
                    assertThat(((NftException) e).source()).isEqualTo("bad.nft");
                    assertThat(((NftException) e).line()).isEqualTo(3);
                })
                .hasMessageContaining("frobnicate");
    }
}
