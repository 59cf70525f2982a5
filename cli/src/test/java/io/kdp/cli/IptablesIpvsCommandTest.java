package io.kdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kdp iptables trace --ipset --ipvs}, run in-process, on the dumps of a small IPVS-mode node written by kdp's
 * own IpvsProxier (cluster's KubeProxyIpvsNode: node 192.168.0.11, default/web NodePort 10.96.0.50:80 / 30080 on
 * 10.244.1.5 and 10.244.2.7, kube-dns 10.96.0.10:53/UDP, default/empty 10.96.0.99:80 without endpoints).
 */
class IptablesIpvsCommandTest {
    @TempDir
    static Path dir;
    static Path rules, ipset, ipvs;

    @BeforeAll
    static void writeDumps() throws IOException {
        rules = write("node.save", IptablesCommandTest.resource("kube-proxy-ipvs.save"));
        ipset = write("node.ipset", IptablesCommandTest.resource("kube-proxy-ipvs.ipset"));
        ipvs = write("node.ipvsadm", IptablesCommandTest.resource("kube-proxy-ipvs.ipvsadm"));
    }

    static Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static MainTest.Run trace(Path ipsetFile, Path ipvsFile, String... more) {
        String[] head = {"iptables", "trace", "--rules", rules.toString(), "--ipset", ipsetFile.toString(), "--ipvs", ipvsFile.toString(), "--node-ip", "192.168.0.11"};
        String[] args = new String[head.length + more.length];
        System.arraycopy(head, 0, args, 0, head.length);
        System.arraycopy(more, 0, args, head.length, more.length);
        return MainTest.run(args);
    }

    @Test
    void allPathsOfAClusterIpIsOneOutcomeNamingTheSchedulerAsTheGoldenJsonShows() throws IOException {
        MainTest.Run r = trace(ipset, ipvs, "--src", "10.244.0.5", "--dst", "10.96.0.50", "--dport", "80", "--all-paths", "-o", "json");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(IptablesCommandTest.resource("ipvs-clusterip-all-paths.json"));
    }

    @Test
    void aNodePortFromOutsideIsTheGoldenText() throws IOException {
        MainTest.Run r = trace(ipset, ipvs, "--src", "192.168.0.50", "--dst", "192.168.0.11", "--dport", "30080");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(IptablesCommandTest.resource("ipvs-nodeport.txt"));
    }

    /** Traces a ClusterIP packet with these dumps and checks it is refused with exit code 2 and this one line. */
    static void refused(Path ipsetFile, Path ipvsFile, String err) {
        MainTest.Run r = trace(ipsetFile, ipvsFile, "--src", "10.244.0.5", "--dst", "10.96.0.50", "--dport", "80");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(err);
    }

    @Test
    void aBadIpvsadmLineIsOneLineNamingFileAndLine() throws IOException {
        Path bad = write("bad.ipvsadm", IptablesCommandTest.resource("kube-proxy-ipvs.ipvsadm").replace("-A -t 10.96.0.99:80 -s rr", "-A -t 10.96.0.99:80 -s rrr"));
        refused(ipset, bad, "kdp: " + bad + ":7: ipvsadm-restore: line 7: Scheduler not found: 'rrr'\n");
    }

    @Test
    void aBadIpsetLineIsOneLineNamingFileAndLine() throws IOException {
        Path bad = write("bad.ipset", IptablesCommandTest.resource("kube-proxy-ipvs.ipset").replace("10.96.0.10,udp:53", "10.96.0.10,udp:99999"));
        refused(bad, ipvs, "kdp: " + bad + ":5: ipset v7.17: Error in line 5: Syntax error: '99999' is out of range 0-65535\n");
    }

    @Test
    void aMissingDumpAndTwoReadersOfStandardInputAreRefused() {
        refused(ipset, dir.resolve("nope.ipvsadm"), "kdp: --ipvs " + dir.resolve("nope.ipvsadm") + ": no such file\n");

        MainTest.Run stdin = MainTest.run("iptables", "trace", "--rules", "-", "--ipvs", "-", "--src", "10.244.0.5", "--dst", "10.96.0.50", "--dport", "80");
        assertThat(stdin.code()).isEqualTo(2);
        assertThat(stdin.err()).isEqualTo("kdp: only one of --rules, --ipset and --ipvs can read standard input\n");
    }
}
