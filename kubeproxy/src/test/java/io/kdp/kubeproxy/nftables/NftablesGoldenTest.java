package io.kdp.kubeproxy.nftables;

import io.kdp.kubeproxy.Golden;

import static io.kdp.kubeproxy.Fixtures.port;
import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServiceType;
import io.kdp.k8s.model.TrafficPolicy;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.linux.nftables.Nftables;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Full syncs of one service each on node-a of a three-node cluster (pods 10.244.0.0/16, services 10.96.0.0/12,
 * NodePorts on every address): the knftables transaction kube-proxy sends ({@code <case>.nft}) and the
 * {@code nft list ruleset} after kdp's emulated kernel loads it ({@code <case>.list}), both golden; and, where the
 * real nft can run, the same transaction loaded into the real kernel lists the same (element order aside).
 */
class NftablesGoldenTest {
    static final String NODE = "node-a";

    static ProxierConfig config() {
        return ProxierConfig.builder(NODE).nodeIPs("192.168.49.2").clusterCIDR("10.244.0.0/16").build();
    }

    static NftablesProxier proxier() {
        return new NftablesProxier(config(), List.of("10.96.0.0/12"));
    }

    record Case(List<Service> services, List<EndpointSlice> slices) {}

    static final Map<String, Case> CASES = Map.of(
            "clusterip-3-endpoints", new Case(
                    List.of(svc("default", "web", "10.96.0.10").port(port("http", Protocol.TCP, 80, 0)).build()),
                    List.of(slice("default", "web").port("http", Protocol.TCP, 8080)
                            .ready("10.244.0.5", "node-a").ready("10.244.1.5", "node-b").ready("10.244.2.5", "node-c").build())),
            "nodeport", new Case(
                    List.of(svc("default", "web", "10.96.0.10").type(ServiceType.NODE_PORT).port(port("http", Protocol.TCP, 80, 30080)).build()),
                    List.of(slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.0.5", "node-a").ready("10.244.1.5", "node-b").build())),
            "no-endpoints", new Case(
                    List.of(svc("default", "empty", "10.96.0.13").type(ServiceType.NODE_PORT).port(port("http", Protocol.TCP, 80, 30082)).build()),
                    List.of()),
            "etp-local", new Case(
                    List.of(svc("default", "local", "10.96.0.15").type(ServiceType.NODE_PORT).etp(TrafficPolicy.LOCAL)
                            .port(port("http", Protocol.TCP, 80, 30081)).build()),
                    List.of(slice("default", "local").port("http", Protocol.TCP, 8080).ready("10.244.0.7", "node-a").ready("10.244.1.7", "node-b").build())),
            "affinity", new Case(
                    List.of(svc("default", "sticky", "10.96.0.14").port(port("http", Protocol.TCP, 80, 0)).clientIP(600).build()),
                    List.of(slice("default", "sticky").port("http", Protocol.TCP, 8080).ready("10.244.0.5", "node-a").ready("10.244.1.5", "node-b").build())),
            "loadbalancer-source-ranges", new Case(
                    List.of(svc("default", "lb", "10.96.0.20").type(ServiceType.LOAD_BALANCER).port(port("http", Protocol.TCP, 80, 30090))
                            .lbIPs("203.0.113.10").sourceRanges("192.168.49.0/24", "198.51.100.0/24").build()),
                    List.of(slice("default", "lb").port("http", Protocol.TCP, 8080).ready("10.244.1.9", "node-b").build())));

    static NftablesSyncResult sync(String name) {
        Case c = CASES.get(name);
        return proxier().sync(ProxyState.build(NODE, c.services(), c.slices()));
    }

    static String list(String transaction) {
        Nftables nft = Nftables.detached();
        nft.load("test.nft", transaction);
        return nft.listRuleset();
    }

    @ParameterizedTest
    @ValueSource(strings = {"clusterip-3-endpoints", "nodeport", "no-endpoints", "etp-local", "affinity", "loadbalancer-source-ranges"})
    void transactionAndListingMatchGolden(String name) {
        NftablesSyncResult r = sync(name);
        assertThat(r.fullSync()).isTrue();
        assertThat(r.cleanupText()).isEmpty();
        Golden.update("nftables/" + name + ".nft", "", r.transactionText());
        assertThat(r.transactionText()).isEqualTo(Golden.read("nftables/" + name + ".nft"));
        String listing = list(r.transactionText());
        Golden.update("nftables/" + name + ".list", "", listing);
        assertThat(listing).isEqualTo(Golden.read("nftables/" + name + ".list"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"clusterip-3-endpoints", "nodeport", "no-endpoints", "etp-local", "affinity", "loadbalancer-source-ranges"})
    void realNftListsTheSameRuleset(String name) throws IOException {
        String tx = sync(name).transactionText();
        assertThat(RealNft.sortElements(list(tx))).isEqualTo(RealNft.sortElements(RealNft.loadAndList(List.of(tx))));
    }
}
