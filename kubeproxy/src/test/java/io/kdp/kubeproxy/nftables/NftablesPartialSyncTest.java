package io.kdp.kubeproxy.nftables;

import io.kdp.kubeproxy.Golden;

import static io.kdp.kubeproxy.Fixtures.port;
import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.linux.nftables.Nftables;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Partial syncs: after a full sync, a change to one service's endpoints, a deleted service and a new one are
 * written as element changes plus the changed services' chains only; the unchanged service costs nothing; stale
 * chains are flushed, then deleted by the next sync. The result equals a fresh full sync of the final state.
 */
class NftablesPartialSyncTest {
    static final String NODE = "node-a";

    static final Service WEB = svc("default", "web", "10.96.0.10").port(port("http", Protocol.TCP, 80, 0)).build();
    static final Service STICKY = svc("default", "sticky", "10.96.0.14").port(port("http", Protocol.TCP, 80, 0)).clientIP(600).build();
    static final Service OLD = svc("default", "old", "10.96.0.30").port(port("http", Protocol.TCP, 80, 0)).clientIP(600).build();
    static final Service API = svc("default", "api", "10.96.0.31").port(port("https", Protocol.TCP, 443, 0)).build();

    static EndpointSlice web(String... ips) {
        var s = slice("default", "web").port("http", Protocol.TCP, 8080);
        for (String ip : ips) s.ready(ip, null);
        return s.build();
    }

    static final EndpointSlice STICKY_EPS = slice("default", "sticky").port("http", Protocol.TCP, 8080).ready("10.244.0.5", "node-a").ready("10.244.1.5", "node-b").build();
    static final EndpointSlice OLD_EPS = slice("default", "old").port("http", Protocol.TCP, 8080).ready("10.244.1.30", "node-b").build();
    static final EndpointSlice API_EPS = slice("default", "api").port("https", Protocol.TCP, 8443).ready("10.244.2.31", "node-c").build();

    static final ProxyState BEFORE = ProxyState.build(NODE, List.of(WEB, STICKY, OLD), List.of(web("10.244.0.5", "10.244.1.5", "10.244.2.5"), STICKY_EPS, OLD_EPS));
    static final ProxyState AFTER = ProxyState.build(NODE, List.of(WEB, STICKY, API), List.of(web("10.244.0.5", "10.244.1.5", "10.244.2.6"), STICKY_EPS, API_EPS));

    @Test
    void partialSyncWritesOnlyTheChangesAndConvergesToAFullSync() throws IOException {
        NftablesProxier p = NftablesGoldenTest.proxier();
        Nftables nft = Nftables.detached();
        NftablesSyncResult full = p.sync(BEFORE);
        nft.load("full.nft", full.transactionText());

        NftablesSyncResult partial = p.sync(AFTER);
        assertThat(partial.fullSync()).isFalse();
        assertThat(partial.skippedServices()).isEqualTo(1); // sticky
        assertThat(partial.cleanupText()).isEmpty();
        Golden.update("nftables/partial-sync.nft", "", partial.transactionText());
        assertThat(partial.transactionText()).isEqualTo(Golden.read("nftables/partial-sync.nft"));
        assertThat(partial.staleChains()).containsExactlyInAnyOrder(
                "endpoint-3XXNECN6-default/web/tcp/http__10.244.2.5/8080",
                "endpoint-V4PAAUAC-default/old/tcp/http__10.244.1.30/8080",
                "service-XZDE5HWN-default/old/tcp/http");
        nft.load("partial.nft", partial.transactionText());

        // Nothing changed: no operation, but the chains left stale are deleted in a transaction of their own.
        NftablesSyncResult idle = p.sync(AFTER);
        assertThat(idle.operations()).isZero();
        assertThat(idle.transactionText()).isEmpty();
        assertThat(idle.cleanupText()).isEqualTo("""
                delete chain ip kube-proxy endpoint-V4PAAUAC-default/old/tcp/http__10.244.1.30/8080
                delete chain ip kube-proxy service-XZDE5HWN-default/old/tcp/http
                delete chain ip kube-proxy endpoint-3XXNECN6-default/web/tcp/http__10.244.2.5/8080
                """);
        nft.load("cleanup.nft", idle.cleanupText());

        // The same objects as a fresh full sync of the final state (knftables' Fake view, upstream ordering).
        KnftFake incremental = new KnftFake();
        for (String tx : List.of(full.transactionText(), partial.transactionText(), idle.cleanupText())) incremental.run(tx);
        KnftFake fresh = new KnftFake();
        fresh.run(NftablesGoldenTest.proxier().sync(AFTER).transactionText());
        assertThat(KnftFake.upstreamSort(incremental.dump())).isEqualTo(KnftFake.upstreamSort(fresh.dump()));

        // The emulated kernel holds no stale chain or set, and the real nft agrees with its listing.
        String listing = nft.listRuleset();
        assertThat(listing).doesNotContain("default/old").doesNotContain("10.244.2.5").contains("10.244.2.6");
        assertThat(RealNft.sortElements(listing)).isEqualTo(RealNft.sortElements(
                RealNft.loadAndList(List.of(full.transactionText(), partial.transactionText(), idle.cleanupText()))));
    }

    @Test
    void endpointChangeOfOneServiceTouchesOnlyItsChainsAndElements() {
        NftablesProxier p = NftablesGoldenTest.proxier();
        p.sync(ProxyState.build(NODE, List.of(WEB, STICKY), List.of(web("10.244.0.5", "10.244.1.5"), STICKY_EPS)));
        NftablesSyncResult r = p.sync(ProxyState.build(NODE, List.of(WEB, STICKY), List.of(web("10.244.0.5", "10.244.1.5", "10.244.2.5"), STICKY_EPS)));
        assertThat(r.transactionText()).isEqualTo("""
                add chain ip kube-proxy endpoint-4VJT4MCW-default/web/tcp/http__10.244.0.5/8080
                flush chain ip kube-proxy endpoint-4VJT4MCW-default/web/tcp/http__10.244.0.5/8080
                add chain ip kube-proxy endpoint-HGNPOIJ5-default/web/tcp/http__10.244.1.5/8080
                flush chain ip kube-proxy endpoint-HGNPOIJ5-default/web/tcp/http__10.244.1.5/8080
                add chain ip kube-proxy endpoint-3XXNECN6-default/web/tcp/http__10.244.2.5/8080
                flush chain ip kube-proxy endpoint-3XXNECN6-default/web/tcp/http__10.244.2.5/8080
                add chain ip kube-proxy service-SUSTUHLJ-default/web/tcp/http
                flush chain ip kube-proxy service-SUSTUHLJ-default/web/tcp/http
                add rule ip kube-proxy service-SUSTUHLJ-default/web/tcp/http ip daddr 10.96.0.10 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
                add rule ip kube-proxy service-SUSTUHLJ-default/web/tcp/http numgen random mod 3 vmap { 0 : goto endpoint-4VJT4MCW-default/web/tcp/http__10.244.0.5/8080 , 1 : goto endpoint-HGNPOIJ5-default/web/tcp/http__10.244.1.5/8080 , 2 : goto endpoint-3XXNECN6-default/web/tcp/http__10.244.2.5/8080 }
                add rule ip kube-proxy endpoint-4VJT4MCW-default/web/tcp/http__10.244.0.5/8080 ip saddr 10.244.0.5 jump mark-for-masquerade
                add rule ip kube-proxy endpoint-4VJT4MCW-default/web/tcp/http__10.244.0.5/8080 meta l4proto tcp dnat to 10.244.0.5:8080
                add rule ip kube-proxy endpoint-HGNPOIJ5-default/web/tcp/http__10.244.1.5/8080 ip saddr 10.244.1.5 jump mark-for-masquerade
                add rule ip kube-proxy endpoint-HGNPOIJ5-default/web/tcp/http__10.244.1.5/8080 meta l4proto tcp dnat to 10.244.1.5:8080
                add rule ip kube-proxy endpoint-3XXNECN6-default/web/tcp/http__10.244.2.5/8080 ip saddr 10.244.2.5 jump mark-for-masquerade
                add rule ip kube-proxy endpoint-3XXNECN6-default/web/tcp/http__10.244.2.5/8080 meta l4proto tcp dnat to 10.244.2.5:8080
                """);
        assertThat(r.operations()).isEqualTo(16);
    }

}
