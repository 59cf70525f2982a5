package io.kdp.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kdp bench}'s harness end to end on one tiny configuration (no timing is asserted). */
class BenchSmokeTest {
    @Test
    void runsEveryModeOnTenServicesAndWritesTheFiles(@TempDir Path dir) throws IOException {
        BenchPlan plan = new BenchPlan(List.of(ProxyMode.values()), List.of(10), List.of(2),
                new CalibratedLoop(Duration.ofMillis(5), Duration.ofMillis(20), 2));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<LookupResult> results = new BenchRunner(plan, new PrintingProgress(new PrintStream(err, true, StandardCharsets.UTF_8))).run();

        assertThat(results).hasSize(16);
        assertThat(results).extracting(r -> r.mode().modeName() + " " + r.position().label() + " " + r.connection().label()).containsExactly(
                "iptables first new", "iptables first established", "iptables last new", "iptables last established",
                "ipvs first new", "ipvs first established", "ipvs last new", "ipvs last established",
                "nftables first new", "nftables first established", "nftables last new", "nftables last established",
                "ebpf first new", "ebpf first established", "ebpf last new", "ebpf last established");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.services()).isEqualTo(10);
            assertThat(r.endpoints()).isEqualTo(2);
            assertThat(r.nsPerPacket()).isPositive();
        });
        String progress = err.toString(StandardCharsets.UTF_8);
        assertThat(progress).contains("building the iptables node: 10 Services x 2 endpoints ...", "[16/16] ebpf ");

        BenchReport.write(dir, results);
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(csv).hasSize(17);
        assertThat(csv.get(0)).isEqualTo("mode,services,endpoints,position,connection,ns_per_packet");
        assertThat(csv.get(1)).startsWith("iptables,10,2,first,new,");
        assertThat(Files.readString(dir.resolve("results.md"))).contains("| ebpf | 10 | 2 | last | established | ");
        assertThat(Files.readString(dir.resolve("lookup.svg"))).contains("ebpf, established");
        assertThat(Files.size(dir.resolve("lookup.png"))).isPositive();
    }

    @Test
    void quickPlanCoversOneAndTenThousandServicesInEveryMode() {
        BenchPlan quick = BenchPlan.quick();
        assertThat(quick.modes()).containsExactly(ProxyMode.values());
        assertThat(quick.services()).containsExactly(1_000, 10_000);
        assertThat(quick.cases()).isEqualTo(32);
        assertThat(BenchPlan.full().cases()).isEqualTo(160);
    }
}
