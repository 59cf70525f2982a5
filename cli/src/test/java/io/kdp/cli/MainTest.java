package io.kdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kdp command line, run in-process. */
class MainTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("trace", "render", "scenarios", "Usage: kdp");
    }

    @Test
    void traceWithNoArgumentsRunsTheDefaultShowcase() {
        Run r = run("trace");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("kdp trace tcp default/client -> svc/default/web:http (10.96.0.10:80)\n")
                .contains("[1/5] SYN from default/client", "[5/5] reply from default/web-", "connection complete");
        assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void traceJsonIsValidAndComplete() throws Exception {
        Run r = run("trace", "-o", "json", "--seed", "3");
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("complete").asBoolean()).isTrue();
        assertThat(n.get("seed").asLong()).isEqualTo(3);
        assertThat(n.get("packets")).hasSize(5);
        assertThat(n.get("packets").get(0).get("outcome").get("disposition").asText()).isEqualTo("DELIVERED");
    }

    @Test
    void traceHelpShowsItsOptions() {
        Run r = run("trace", "--help");
        assertThat(r.out()).contains("--scenario", "--from", "--to", "--proto", "--seed", "-o, --output");
    }

    @Test
    void aBadScenarioIsOneLineOnStderrWithExitCode2(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "kdp:\n  nodes:\n    - name: a\n      ip: 10.0.0.300/24\n");
        Run r = run("trace", "--scenario", f.toString(), "--from", "x", "--to", "y");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("kdp: " + f + ":4: kdp.nodes[0].ip: '10.0.0.300' is not an IPv4 address\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownTargetIsAClearError() {
        Run r = run("trace", "--to", "svc/default/nope:80");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("kdp: --to svc/default/nope:80: no service default/nope\n");
    }

    @Test
    void renderPrintsIptablesSaveOfANode() {
        Run r = run("render", "--node", "node-a", "iptables");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("*nat", ":KUBE-SERVICES - [0:0]", "-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp", "COMMIT");
    }

    @Test
    void renderPrintsRoutesAndAddresses() {
        assertThat(run("render", "--node", "node-a", "routes").out()).contains("10.244.1.0/24 via 192.168.49.3 dev eth0");
        assertThat(run("render", "--node", "node-a", "addr").out()).contains("inet 192.168.49.2/24 brd 192.168.49.255 scope global eth0");
    }

    @Test
    void scenariosListsTheBundledOnes() {
        assertThat(run("scenarios").out()).contains("default", "routed", "iptables");
    }
}
