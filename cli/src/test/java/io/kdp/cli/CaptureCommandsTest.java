package io.kdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kdp.packet.pcap.CaptureReader;
import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.pcap.PcapWriter;
import io.kdp.packet.pcap.PcapngReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kdp trace --pcap/--pcap-format/--pcap-dir} and {@code kdp replay}, run in-process. */
class CaptureCommandsTest {
    @TempDir
    Path dir;

    @Test
    void tracePcapWritesPcapngNamingKdpAndTheScenario() throws Exception {
        Path file = dir.resolve("out.pcapng");
        MainTest.Run r = MainTest.run("trace", "--pcap", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("kdp trace tcp default/client -> svc/default/web:http");
        assertThat(r.err()).contains("capture: 40 frames on 8 interfaces written to " + file + " (pcapng)");
        try (InputStream in = Files.newInputStream(file)) {
            PcapngReader reader = new PcapngReader(in, file.toString());
            var frames = reader.readAll();
            assertThat(frames).hasSize(40);
            assertThat(reader.userAppl()).isEqualTo("kdp " + Version.VERSION);
            assertThat(reader.sectionComment()).isEqualTo("scenario default: default/client -> svc/default/web:http");
            assertThat(frames.get(2).interfaceName()).isEqualTo("node-a/eth0");
            assertThat(frames.get(2).comment()).isEqualTo("step 31 node-a tx eth0 (after nat:KUBE-SEP-UIQK3OSOSTRHRPBX DNAT 10.96.0.10:80 -> 10.244.1.2:8080)");
        }
    }

    @Test
    void classicPcapAndOneFilePerInterface() throws Exception {
        Path file = dir.resolve("out.pcap");
        Path per = dir.resolve("per");
        MainTest.Run r = MainTest.run("trace", "--pcap", file.toString(), "--pcap-format", "pcap", "--pcap-dir", per.toString(), "-o", "json");
        assertThat(r.code()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("complete").asBoolean()).isTrue();
        assertThat(r.err()).contains("(pcap)", "capture: 8 files, one per interface, written to " + per);
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertThat(reader.readAll()).hasSize(40).allSatisfy(f -> assertThat(f.linkType()).isEqualTo(LinkType.ETHERNET));
        }
        try (Stream<Path> files = Files.list(per)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("node-a_eth0.pcap", "default_client_eth0.pcap", "underlay_port1.pcap").hasSize(8);
        }
    }

    @Test
    void badPcapFormatIsNamed() {
        MainTest.Run r = MainTest.run("trace", "--pcap", dir.resolve("x").toString(), "--pcap-format", "erf");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("kdp: --pcap-format erf: expected pcapng or pcap\n");
    }

    @Test
    void replayOfATracedCaptureReportsEachFrame() throws Exception {
        Path file = dir.resolve("syn.pcapng");
        assertThat(MainTest.run("trace", "--pcap", file.toString()).code()).isZero();
        MainTest.Run r = MainTest.run("replay", file.toString(), "--at", "default/client");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("kdp replay " + file + " at default/client (sent from its socket)\n"
                + "scenario default, kube-proxy iptables mode, 40 frames\n\n"
                + "   1 10.244.0.2.60086 > 10.96.0.10.80: tcp [S]  => DELIVERED at default/web-b\n");
        assertThat(r.out()).contains("\n40 frames: ");

        MainTest.Run json = MainTest.run("replay", file.toString(), "--at", "node-a/eth0", "-o", "json", "--full");
        JsonNode n = new ObjectMapper().readTree(json.out());
        assertThat(n.get("mode").asText()).isEqualTo("wire");
        assertThat(n.get("packets")).hasSize(40);
        JsonNode first = n.get("packets").get(0);
        assertThat(first.get("disposition").asText()).isEqualTo("DELIVERED");
        assertThat(first.get("notes").get(0).asText()).startsWith("dst MAC 02:30:f6:5f:53:61 rewritten to ");
        assertThat(first.get("hops").get(0).get("steps").get(0).get("text").asText()).startsWith("rx eth0  10.244.0.2.60086 > 10.96.0.10.80");
    }

    @Test
    void replayErrorsAreOneLine() throws Exception {
        MainTest.Run missing = MainTest.run("replay", dir.resolve("none.pcap").toString(), "--at", "default/client");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("kdp: " + dir.resolve("none.pcap") + ": no such file\n");

        Path junk = dir.resolve("junk.pcap");
        Files.writeString(junk, "hello world");
        MainTest.Run bad = MainTest.run("replay", junk.toString(), "--at", "default/client");
        assertThat(bad.err()).isEqualTo("kdp: " + junk + ": not a pcap or pcapng file (magic 68656c6c) at byte offset 0\n");

        Path empty = dir.resolve("empty.pcap");
        try (PcapWriter w = PcapWriter.create(empty, LinkType.ETHERNET)) {
            // no frames
        }
        MainTest.Run nowhere = MainTest.run("replay", empty.toString(), "--at", "node-a/eth9");
        assertThat(nowhere.code()).isEqualTo(2);
        assertThat(nowhere.err()).isEqualTo("kdp: --at node-a/eth9: node-a has no interface eth9 (it has lo, eth0, vethce2a28d0, veth874b1069)\n");
    }
}
