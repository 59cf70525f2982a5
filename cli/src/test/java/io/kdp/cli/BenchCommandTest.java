package io.kdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kdp bench}, run in-process on a tiny configuration (no timing is asserted). */
class BenchCommandTest {
    @Test
    void quickOnTenServicesWritesTheFourFilesWithProgressOnStderr(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("results");
        MainTest.Run r = MainTest.run("bench", "--quick", "--services", "10", "--warmup", "5", "--measure", "20", "--out", out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("kdp bench --quick: 16 cases on 4 nodes\n")
                .contains("building the nftables node: 10 Services x 2 endpoints ...", "[16/16] ebpf ", "wrote " + out.resolve("lookup.png"));
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv).hasSize(17).first().isEqualTo("mode,services,endpoints,position,connection,ns_per_packet");
        assertThat(csv).filteredOn(l -> l.startsWith("ipvs,10,2,last,established,")).hasSize(1);
        assertThat(Files.readString(out.resolve("results.md"))).contains("| mode | services | endpoints | position | connection | ns_per_packet |");
        assertThat(Files.readString(out.resolve("lookup.svg"))).startsWith("<?xml");
        assertThat(Files.size(out.resolve("lookup.png"))).isPositive();
    }

    @Test
    void onlyTheGivenModes(@TempDir Path dir) {
        MainTest.Run r = MainTest.run("bench", "--modes", "ipvs", "--services", "5", "--endpoints", "1", "--warmup", "5", "--measure", "10", "--out", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).startsWith("kdp bench: 4 cases on 1 node\n").doesNotContain("iptables");
    }

    @Test
    void badInputIsOneClearLine(@TempDir Path dir) {
        MainTest.Run r = MainTest.run("bench", "--services", "0", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("kdp: services: 0 is not in 1..65534\n");
        MainTest.Run m = MainTest.run("bench", "--modes", "userspace", "--out", dir.toString());
        assertThat(m.err()).isEqualTo("kdp: proxy mode \"userspace\": expected iptables, ipvs, nftables or ebpf\n");
        MainTest.Run w = MainTest.run("bench", "--quick", "--warmup", "0", "--out", dir.toString());
        assertThat(w.err()).isEqualTo("kdp: --warmup 0: expected a positive number of milliseconds\n");
    }
}
