package io.kdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kdp nft trace} and the nftables proxy mode on {@code kdp trace} / {@code kdp render}, run in-process. */
class NftCommandTest {
    @TempDir
    static Path dir;
    static Path ruleset;

    static String resource(String name) throws IOException {
        try (InputStream in = NftCommandTest.class.getResourceAsStream("/nft-trace/" + name)) {
            if (in == null) throw new IOException("missing resource nft-trace/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void writeRuleset() throws IOException {
        ruleset = dir.resolve("node-a.nft");
        Files.writeString(ruleset, resource("kube-proxy-nft.list"));
    }

    @Test
    void jsonForAllPathsOfAClusterIpIsTheGoldenFile() throws IOException {
        MainTest.Run r = MainTest.run("nft", "trace", "--ruleset", ruleset.toString(), "--src", "10.244.0.2", "--dst", "10.96.0.10",
                "--dport", "80", "--node-ip", "192.168.49.2", "--all-paths", "-o", "json");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(resource("web-all-paths.json"));
    }

    @Test
    void textShowsTheRejectOfAServiceWithoutEndpoints() {
        MainTest.Run r = MainTest.run("nft", "trace", "--ruleset", ruleset.toString(), "--src", "10.244.0.2", "--dst", "10.96.0.13", "--dport", "80");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                packet tcp 10.244.0.2:40000 -> 10.96.0.13:80

                outcome 1 of 1, probability 1: REJECT (rejected: nft ip kube-proxy reject-chain: reject)
                  dnat        -
                  masquerade  no
                  mark        0x0
                  steps:
                    1. nft ip kube-proxy filter-prerouting-pre-dnat: ct state new jump firewall-check  => jump firewall-check
                    2. nft ip kube-proxy nat-prerouting: jump services  => jump services
                    3. nft ip kube-proxy filter-forward: ct state new jump service-endpoints-check  => jump service-endpoints-check
                    4. nft ip kube-proxy service-endpoints-check: ip daddr . meta l4proto . th dport vmap @no-endpoint-services  => goto reject-chain
                    5. nft ip kube-proxy reject-chain: reject  => drop
                """);
    }

    @Test
    void aRulesetThatDoesNotParseIsOneLineNamingFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.nft");
        Files.writeString(bad, "table ip t {\n\tchain c {\n\t\tip daddr 10.0.0.1 frobnicate\n\t}\n}\n");
        MainTest.Run r = MainTest.run("nft", "trace", "--ruleset", bad.toString(), "--src", "10.0.0.2", "--dst", "10.0.0.1", "--dport", "80");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kdp: " + bad + ":3:").contains("frobnicate").endsWith("\n").hasLineCount(1);
        MainTest.Run missing = MainTest.run("nft", "trace", "--ruleset", dir.resolve("nope.nft").toString(), "--src", "10.0.0.2", "--dst", "10.0.0.1", "--dport", "80");
        assertThat(missing.err()).isEqualTo("kdp: --ruleset " + dir.resolve("nope.nft") + ": no such file\n");
    }

    @Test
    void traceWithProxyModeNftablesShowsTheNftSteps() {
        MainTest.Run text = MainTest.run("trace", "--scenario", "default", "--proxy-mode", "nftables", "--seed", "1");
        assertThat(text.err()).isEmpty();
        assertThat(text.out()).contains("scenario default, kube-proxy nftables mode, seed 1\n").doesNotContain("KUBE-");
        MainTest.Run json = MainTest.run("trace", "--scenario", "default", "--proxy-mode", "nftables", "--seed", "1", "-o", "json");
        assertThat(json.out()).contains("\"proxyMode\" : \"nftables\"",
                "nft ip kube-proxy services: ip daddr . meta l4proto . th dport vmap @service-ips  => goto service-SUSTUHLJ-default/web/tcp/http");
    }

    @Test
    void anUnknownProxyModeNamesTheSupportedOnes() {
        MainTest.Run r = MainTest.run("trace", "--proxy-mode", "userspace");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("kdp: --proxy-mode userspace: unsupported proxy mode \"userspace\": supported values: ").contains("iptables", "nftables");
    }

    @Test
    void renderNftPrintsTheNodesRuleset() {
        MainTest.Run r = MainTest.run("render", "--proxy-mode", "nftables", "--node", "node-a", "nft");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("table ip kube-proxy {\n\tcomment \"rules for kube-proxy\"\n").contains("\tchain services {\n");
    }
}
