package io.kdp.cluster.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.scenario.BundledScenarios;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wireshark reads kdp's captures as the trace describes them: for the showcase of every bundled
 * scenario (scenarios/index.txt, so new scenarios are covered as they are added), tshark with
 * checksum verification on sees one frame per tx/rx step, on the interface the step names, with
 * the step as its comment and the protocol stack of the packet the step carried, and its expert
 * system reports no error or warning (malformed packets, bad checksums).
 *
 * <p>Wireshark's TCP sequence analysis is switched off for the per-frame fields: it cannot tell
 * that a segment seen on eight interfaces is one segment, so it calls the later copies
 * retransmissions and then does not dissect their HTTP. The expert check keeps it on: those are
 * notes, not warnings.
 */
class TsharkValidationTest {
    static final List<String> CHECKSUMS = List.of("-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-d", "udp.port==8472,vxlan");

    @TempDir
    Path dir;

    static Stream<String> bundledScenarios() throws IOException {
        List<String> names = BundledScenarios.names();
        assertThat(names).contains("default");
        return names.stream();
    }

    record Expected(String iface, String comment, String protocols) {}

    /** What tshark must show, derived from the trace's steps: every tx and rx step but rx on lo (tcpdump shows looped frames once). */
    static List<Expected> expected(TraceCapture c) {
        List<Expected> out = new ArrayList<>();
        int n = 0, frame = 0;
        for (var p : c.trace().packets()) {
            Map<String, String> lastNat = new HashMap<>();
            for (Hop h : p.hops()) {
                Step previous = null;
                for (Step s : h.steps()) {
                    n++;
                    if (s instanceof Step.Nat nat) {
                        String by = previous instanceof Step.Rule r && r.verdict().matches("DNAT|SNAT|MASQUERADE|REDIRECT") ? r.table() + ":" + r.chain() + " " : "";
                        lastNat.put(h.host(), by + nat.text());
                    }
                    previous = s;
                    String dev, dir, summary;
                    if (s instanceof Step.Transmit t) {
                        dev = t.device();
                        dir = "tx";
                        summary = t.packet();
                    } else if (s instanceof Step.Receive r && !r.device().equals("lo")) {
                        dev = r.device();
                        dir = "rx";
                        summary = r.packet();
                    } else {
                        continue;
                    }
                    TraceFrame f = c.frames().get(frame++);
                    assertThat(f.frame().summary()).as("frame %d is the packet of step %d", frame, n).isEqualTo(summary);
                    String nat = lastNat.get(h.host());
                    out.add(new Expected(h.host() + "/" + dev, "step " + n + " " + h.host() + " " + dir + " " + dev + (nat == null ? "" : " (after " + nat + ")"),
                            WiresharkStack.of(f.frame())));
                }
            }
        }
        assertThat(c.frames()).hasSize(frame);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundledScenarios")
    void showcaseCaptureReadsInTsharkAsTheTraceSays(String scenario) throws Exception {
        Path tshark = RequiredTools.require("tshark", "apt-get install tshark");
        TraceCapture c = Showcase.capture(scenario, 1);
        Path file = dir.resolve(scenario + ".pcapng");
        PcapngExport.write(c, file, "kdp test");
        List<Expected> want = expected(c);
        assertThat(want).isNotEmpty();

        List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-r", file.toString()));
        cmd.addAll(CHECKSUMS);
        cmd.addAll(List.of("-o", "tcp.analyze_sequence_numbers:FALSE", "-T", "fields", "-E", "separator=/t",
                "-e", "frame.number", "-e", "frame.interface_name", "-e", "frame.protocols", "-e", "frame.comment"));
        List<String> lines = run(cmd).lines().toList();
        assertThat(lines).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
            String[] f = lines.get(i).split("\t", -1);
            assertThat(f).as("frame %d", i + 1).containsExactly(Integer.toString(i + 1), want.get(i).iface(), want.get(i).protocols(), want.get(i).comment());
        }
        if (scenario.equals("default")) {
            assertThat(lines.get(24)).isEqualTo("25\tdefault/client/eth0\teth:ethertype:ip:tcp:http\tstep 138 default/client tx eth0");
        }
        assertNoExpertProblems(tshark, file, true);
    }

    @Test
    void classicAndPerInterfaceFilesReadCleanly() throws Exception {
        Path tshark = RequiredTools.require("tshark", "apt-get install tshark");
        TraceCapture c = Showcase.capture("default", 1);
        Path single = dir.resolve("all.pcap");
        PcapExport.write(c, single);
        assertThat(run(List.of(tshark.toString(), "-r", single.toString(), "-T", "fields", "-e", "frame.encap_type")).lines())
                .hasSize(40).containsOnly("1");
        assertNoExpertProblems(tshark, single, false);
        for (Path p : PcapExport.writePerInterface(c, dir.resolve("per"))) {
            String name = p.getFileName().toString().replaceAll("\\.pcap$", "");
            CaptureInterface itf = c.interfaces().stream().filter(i -> i.fileStem().equals(name)).findFirst().orElseThrow();
            assertThat(run(List.of(tshark.toString(), "-r", p.toString(), "-T", "fields", "-e", "frame.number")).lines()).hasSize(c.framesOn(itf).size());
            assertNoExpertProblems(tshark, p, false);
        }
    }

    static void assertNoExpertProblems(Path tshark, Path file, boolean pcapng) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-r", file.toString()));
        cmd.addAll(CHECKSUMS);
        cmd.addAll(List.of("-q", "-z", "expert"));
        String expert = run(cmd);
        // tshark exits 0 even for malformed packets: the expert summary is the verdict
        assertThat(expert).doesNotContain("Errors (", "Warnings (", "Malformed", "Bad checksum", "[incorrect");
        if (pcapng) assertThat(expert).contains("Comments ("); // the summary was produced and read the frame comments
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
