package io.kdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kdp iptables trace}, run in-process. */
class IptablesCommandTest {
    @TempDir
    static Path dir;
    static Path dump;

    static String resource(String name) throws IOException {
        try (InputStream in = IptablesCommandTest.class.getResourceAsStream("/iptables-trace/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void writeDump() throws IOException {
        dump = dir.resolve("node.save");
        Files.writeString(dump, resource("kube-proxy-iptables.save"));
    }

    @Test
    void jsonForAllPathsOfTheDnsServiceIsTheGoldenFile() throws IOException {
        MainTest.Run r = MainTest.run("iptables", "trace", "--rules", dump.toString(), "--src", "10.244.0.5", "--dst", "10.96.0.10",
                "--dport", "53", "--proto", "udp", "--node-ip", "192.168.0.11", "--all-paths", "-o", "json");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(resource("dns-all-paths.json"));
    }

    @Test
    void textShowsTheOutcomeAndTheRulesThatMatched() {
        MainTest.Run r = MainTest.run("iptables", "trace", "--rules", dump.toString(), "--src", "10.244.0.5", "--dst", "10.96.9.9", "--dport", "80");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("packet tcp 10.244.0.5:40000 -> 10.96.9.9:80\n\noutcome 1 of 1, probability 1: REJECT (rejected: REJECT --reject-with icmp-port-unreachable)\n")
                .endsWith("    5. filter KUBE-SERVICES rule 1: -A KUBE-SERVICES -d 10.96.9.9/32 -p tcp -m comment --comment \"default/empty:http has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\n");
    }

    @Test
    void sysctlsAndStandardInputAreAccepted() {
        var oldIn = System.in;
        try {
            System.setIn(new ByteArrayInputStream(resource("kube-proxy-iptables.save").getBytes(StandardCharsets.UTF_8)));
            MainTest.Run r = MainTest.run("iptables", "trace", "--rules", "-", "--src", "192.168.0.50", "--dst", "127.0.0.1", "--dport", "22",
                    "--sysctl", "net.ipv4.conf.all.route_localnet=1", "-o", "json");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("\"verdict\": \"DROP\"", "filter KUBE-FIREWALL rule 1: -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8");
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            System.setIn(oldIn);
        }
    }

    @Test
    void aBadDumpLineIsOneLineNamingFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.save");
        Files.writeString(bad, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPTT\nCOMMIT\n");
        MainTest.Run r = MainTest.run("iptables", "trace", "--rules", bad.toString(), "--src", "10.0.0.1", "--dst", "10.0.0.2", "--dport", "22");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("kdp: " + bad + ":3: Couldn't load target `ACCEPTT':No such file or directory\n");
    }

    @Test
    void badFlagsAreOneLineNamingTheOption() {
        MainTest.Run port = MainTest.run("iptables", "trace", "--rules", dump.toString(), "--src", "10.0.0.1", "--dst", "10.0.0.2", "--dport", "http");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).isEqualTo("kdp: --dport http: expected a port in 0..65535\n");

        MainTest.Run ip = MainTest.run("iptables", "trace", "--rules", dump.toString(), "--src", "10.0.0.300", "--dst", "10.0.0.2", "--dport", "80");
        assertThat(ip.err()).isEqualTo("kdp: --src 10.0.0.300: not an IPv4 address\n");

        MainTest.Run sysctl = MainTest.run("iptables", "trace", "--rules", dump.toString(), "--src", "10.0.0.1", "--dst", "10.0.0.2", "--dport", "80", "--sysctl", "route_localnet");
        assertThat(sysctl.err()).isEqualTo("kdp: --sysctl route_localnet: expected KEY=VALUE\n");

        MainTest.Run sctp = MainTest.run("iptables", "trace", "--rules", dump.toString(), "--src", "10.0.0.1", "--dst", "10.0.0.2", "--dport", "80", "--proto", "sctp");
        assertThat(sctp.err()).isEqualTo("kdp: --proto sctp: not supported yet (kdp's packet model has no SCTP header); use tcp, udp or icmp\n");

        MainTest.Run missing = MainTest.run("iptables", "trace", "--rules", dir.resolve("nope.save").toString(), "--src", "10.0.0.1", "--dst", "10.0.0.2", "--dport", "80");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("kdp: --rules " + dir.resolve("nope.save") + ": no such file\n");
    }
}
