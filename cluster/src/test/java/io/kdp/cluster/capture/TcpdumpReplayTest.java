package io.kdp.cluster.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.pcap.CaptureReader;
import io.kdp.packet.pcap.CapturedFrame;
import io.kdp.packet.pcap.LinkType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a capture the real tcpdump wrote. Two network namespaces joined by a veth pair play the
 * client pod (10.244.0.2) and the Service's ClusterIP (10.96.0.10, plus 10.123.0.9 that the
 * scenario does not know); python3 sockets send a TCP connection with an HTTP request and a UDP
 * datagram while tcpdump captures on the client's side. Replayed at the default scenario's client
 * pod, the SYN reaches an endpoint through kube-proxy's DNAT, and the datagram to the unknown
 * address finds no route in the underlay.
 */
class TcpdumpReplayTest {
    @TempDir
    Path dir;

    @Test
    void aRealTcpdumpCaptureReplaysAtAPod() throws Exception {
        Path ip = RequiredTools.require("ip", "apt-get install iproute2");
        Path tcpdump = RequiredTools.require("tcpdump", "apt-get install tcpdump");
        Path python = RequiredTools.require("python3", "apt-get install python3");
        String tag = "kdp-cap-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String a = tag + "-a", b = tag + "-b";
        if (exec(List.of(ip.toString(), "netns", "add", a)) != 0) {
            RequiredTools.unavailable("cannot create network namespaces (needs root)");
        }
        Path file = dir.resolve("real.pcap");
        try {
            sh(ip, "netns", "add", b);
            sh(ip, "link", "add", "kdpa", "netns", a, "type", "veth", "peer", "name", "kdpb", "netns", b);
            for (String[] c : new String[][] {
                    {"-n", a, "link", "set", "lo", "up"}, {"-n", b, "link", "set", "lo", "up"},
                    {"-n", a, "addr", "add", "10.244.0.2/24", "dev", "kdpa"}, {"-n", a, "link", "set", "kdpa", "up"},
                    {"-n", b, "addr", "add", "10.96.0.10/24", "dev", "kdpb"}, {"-n", b, "addr", "add", "10.123.0.9/32", "dev", "kdpb"},
                    {"-n", b, "link", "set", "kdpb", "up"},
                    {"-n", a, "route", "add", "10.96.0.10/32", "dev", "kdpa"}, {"-n", a, "route", "add", "10.123.0.9/32", "dev", "kdpa"},
                    {"-n", b, "route", "add", "10.244.0.2/32", "dev", "kdpb"}}) {
                sh(ip, c);
            }
            Process capture = new ProcessBuilder(ip.toString(), "netns", "exec", a, tcpdump.toString(), "-i", "kdpa", "-n", "--immediate-mode", "-U", "-w", file.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader err = new BufferedReader(new InputStreamReader(capture.getErrorStream(), StandardCharsets.UTF_8));
            String first = err.readLine(); // "tcpdump: listening on kdpa, ..." once the socket is bound
            assertThat(first).as("tcpdump started").contains("listening on kdpa");
            Process server = new ProcessBuilder(ip.toString(), "netns", "exec", b, python.toString(), "-c", """
                    import socket
                    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('10.96.0.10', 80)); s.listen(1)
                    print('ready', flush=True)
                    c, _ = s.accept(); c.recv(1000); c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n'); c.close()
                    """).redirectErrorStream(true).start();
            assertThat(new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine()).isEqualTo("ready");
            sh(ip, "netns", "exec", a, python.toString(), "-c", """
                    import socket, time
                    c = socket.create_connection(('10.96.0.10', 80), timeout=5)
                    c.sendall(b'GET / HTTP/1.1\\r\\nHost: 10.96.0.10\\r\\n\\r\\n'); c.recv(1000); c.close()
                    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.sendto(b'hello', ('10.123.0.9', 5000))
                    time.sleep(0.5)
                    """);
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
            // --immediate-mode hands each packet to tcpdump at once (not when a TPACKET_V3 block times out),
            // -U writes it at once; SIGTERM then makes tcpdump close the file
            capture.destroy();
            assertThat(capture.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            exec(List.of(ip.toString(), "netns", "del", a));
            exec(List.of(ip.toString(), "netns", "del", b));
        }

        List<CapturedFrame> frames;
        try (CaptureReader r = CaptureReader.open(file)) {
            frames = r.readAll();
        }
        assertThat(frames).allSatisfy(f -> assertThat(f.linkType()).isEqualTo(LinkType.ETHERNET));
        Cluster cluster = ClusterBuilder.build(ScenarioLoader.resolve("default"), 1);
        ReplayReport report = new Replayer(cluster).replay(file.toString(), frames, ReplayPoint.resolve(cluster, "default/client"));
        assertThat(report.packets()).hasSize(frames.size());

        List<ReplayedPacket> syns = new ArrayList<>(), udp = new ArrayList<>();
        for (ReplayedPacket p : report.packets()) {
            if (p.skipped() != null) {
                assertThat(p.skipped()).startsWith("unsupported ethertype"); // ARP, IPv6 neighbour discovery
                continue;
            }
            assertThat(p.outcome()).isNotNull();
            if (p.summary().matches("10\\.244\\.0\\.2\\.\\d+ > 10\\.96\\.0\\.10\\.80: tcp \\[S]")) syns.add(p);
            if (p.summary().matches("10\\.244\\.0\\.2\\.\\d+ > 10\\.123\\.0\\.9\\.5000: udp len 5")) udp.add(p);
        }
        assertThat(syns).singleElement().satisfies(p -> {
            assertThat(p.outcome().disposition()).isEqualTo(Disposition.DELIVERED);
            assertThat(p.outcome().host()).startsWith("default/web-");
        });
        // the pod's default route leads to node-a, whose default route leads to the underlay, which knows no 10.123.0.0
        assertThat(udp).singleElement().satisfies(p -> {
            assertThat(p.outcome().disposition()).isEqualTo(Disposition.NO_ROUTE);
            assertThat(p.outcome().host()).isEqualTo("underlay");
        });
        assertThat(ReplayText.render(report, false)).contains(" frames: ");
    }

    private static void sh(Path tool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool.toString()));
        cmd.addAll(List.of(args));
        int rc = exec(cmd);
        assertThat(rc).as(String.join(" ", cmd)).isZero();
    }

    private static int exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
