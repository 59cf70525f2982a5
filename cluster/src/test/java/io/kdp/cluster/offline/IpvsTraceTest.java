package io.kdp.cluster.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.kubeproxy.ipvs.IpvsDumps.IpvsDumpException;
import io.kdp.linux.iptables.IptablesParseException;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Offline traces of an IPVS-mode node from its three dumps ({@code iptables-save}, {@code ipset save},
 * {@code ipvsadm-save -n}), as kdp's own IpvsProxier wrote them for {@link KubeProxyIpvsNode}. Golden files are
 * rewritten with -Dkdp.updateGolden=true (review the diff).
 */
class IpvsTraceTest {
    static final String RULES = "kube-proxy-ipvs.save";
    static final String IPSET = "kube-proxy-ipvs.ipset";
    static final String IPVS = "kube-proxy-ipvs.ipvsadm";
    static final IpvsNodeDumps DUMPS = new IpvsNodeDumps(IPSET, IptablesTraceTest.resource(IPSET), IPVS, IptablesTraceTest.resource(IPVS));

    static TraceRequest request(String src, String dst, int proto, int dport, Map<String, String> sysctls) {
        return new TraceRequest(RULES, IptablesTraceTest.resource(RULES), new TracePacket(Ip4.parse(src), Ip4.parse(dst), proto, 40000, dport),
                List.of(Ip4.parse(KubeProxyIpvsNode.NODE_IP)), sysctls, true, 1);
    }

    static TraceReport trace(String src, String dst, int proto, int dport) {
        return IptablesTrace.trace(request(src, dst, proto, dport, Map.of()), DUMPS);
    }

    /** Checks {@code actual} against src/test/resources/offline/{@code name}; when updating, rewrites the file instead. */
    static void golden(String name, String actual) {
        if (!Boolean.getBoolean("kdp.updateGolden")) {
            assertThat(actual).isEqualTo(IptablesTraceTest.resource(name));
            return;
        }
        try {
            Files.writeString(Path.of("src/test/resources/offline", name), actual);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theDumpsAreTheOnesKubeProxysIpvsProxierWrites() {
        KubeProxyIpvsNode.Dumps d = KubeProxyIpvsNode.dumps();
        golden(RULES, d.iptables());
        golden(IPSET, d.ipset());
        golden(IPVS, d.ipvs());
    }

    @Test
    void clusterIpIsOneOutcomeWhoseRealServerTheRrSchedulerChose() {
        TraceReport r = trace("10.244.0.5", "10.96.0.50", IpProtocol.TCP, 80);
        assertThat(r.outcomes()).hasSize(1);
        TraceOutcome o = r.outcomes().get(0);
        assertThat(o.probability()).isEqualTo(BigDecimal.ONE);
        assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
        // ipvsadm-restore adds each real server at the head of the list, so rr's first pick is the dump's last -a line
        assertThat(o.ipvs()).isEqualTo(new IpvsDecision("TCP 10.96.0.50:80", "rr", "10.244.2.7:8080", null));
        assertThat(o.dnat()).isEqualTo("10.244.2.7:8080");
        assertThat(o.masquerade()).isFalse();
        assertThat(o.steps()).containsSubsequence(
                "filter KUBE-IPVS-FILTER rule 2: -A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN",
                "ipvs TCP 10.96.0.50:80 -> rr -> 10.244.2.7:8080",
                "filter OUTPUT rule 1: -A OUTPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-OUT-FILTER");
        golden("ipvs-clusterip-all-paths.json", TraceReportJson.render(r));
    }

    @Test
    void rrTakesTheHeadOfTheRestoredListSoSwappingTheDumpLinesSwapsTheChoice() {
        String swapped = DUMPS.ipvs().replace("""
                -a -t 10.96.0.50:80 -r 10.244.1.5:8080 -m -w 1
                -a -t 10.96.0.50:80 -r 10.244.2.7:8080 -m -w 1
                """, """
                -a -t 10.96.0.50:80 -r 10.244.2.7:8080 -m -w 1
                -a -t 10.96.0.50:80 -r 10.244.1.5:8080 -m -w 1
                """);
        assertThat(swapped).isNotEqualTo(DUMPS.ipvs());
        TraceReport r = IptablesTrace.trace(request("10.244.0.5", "10.96.0.50", IpProtocol.TCP, 80, Map.of()),
                new IpvsNodeDumps(IPSET, DUMPS.ipset(), IPVS, swapped));
        assertThat(r.outcomes()).extracting(TraceOutcome::dnat).containsExactly("10.244.1.5:8080");
    }

    @Test
    void nodePortFromOutsideIsMarkedScheduledAndMasqueradedAsTheTextGoldenFileShows() {
        TraceReport r = trace("192.168.0.50", KubeProxyIpvsNode.NODE_IP, IpProtocol.TCP, 30080);
        TraceOutcome o = r.outcomes().get(0);
        assertThat(o.ipvs()).isEqualTo(new IpvsDecision("TCP 192.168.0.11:30080", "rr", "10.244.2.7:8080", null));
        assertThat(o.masquerade()).isTrue();
        assertThat(o.ending()).isEqualTo("forwarded out eth0");
        golden("ipvs-nodeport.txt", TraceReportText.render(r));
    }

    @Test
    void aServiceWithoutRealServersIsRejectedByIpvs() {
        TraceOutcome o = trace("10.244.0.5", "10.96.0.99", IpProtocol.TCP, 80).outcomes().get(0);
        assertThat(o.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(o.ending()).isEqualTo("rejected: IPVS: no destination available for TCP 10.96.0.99:80");
        assertThat(o.ipvs()).isEqualTo(new IpvsDecision("TCP 10.96.0.99:80", "rr", null, null));
        assertThat(o.dnat()).isNull();
        assertThat(o.steps()).last().isEqualTo("ipvs TCP 10.96.0.99:80 -> rr -> no destination available");
        assertThat(TraceReportText.render(trace("10.244.0.5", "10.96.0.99", IpProtocol.TCP, 80)))
                .contains("  ipvs        TCP 10.96.0.99:80: the rr scheduler found no destination available\n");
    }

    @Test
    void aPortTheServiceDoesNotHaveIsRejectedByKubeIpvsFilterBeforeIpvs() {
        TraceOutcome o = trace("10.244.0.5", "10.96.0.50", IpProtocol.TCP, 81).outcomes().get(0);
        assertThat(o.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(o.ipvs()).isNull();
        assertThat(o.steps()).last().isEqualTo(
                "filter KUBE-IPVS-FILTER rule 6: -A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable");
    }

    @Test
    void sysctlsOverrideTheIpvsOnesSoWithoutVsConntrackThePacketIsUntrackedButTheDestinationIsStillReported() {
        TraceOutcome o = IptablesTrace.trace(request("10.244.0.5", "10.96.0.50", IpProtocol.TCP, 80, Map.of("net.ipv4.vs.conntrack", "0")), DUMPS)
                .outcomes().get(0);
        assertThat(o.dnat()).isEqualTo("10.244.2.7:8080");
        // an untracked packet skips the nat table: no KUBE-POSTROUTING
        assertThat(o.steps()).last().isEqualTo("filter OUTPUT rule 1: -A OUTPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-OUT-FILTER");
    }

    @Test
    void aPersistentServiceSaysSoInTheStepAndTheDecision() {
        IpvsNodeDumps sticky = new IpvsNodeDumps(IPSET, DUMPS.ipset(), IPVS, DUMPS.ipvs().replace("-A -t 10.96.0.50:80 -s rr\n", "-A -t 10.96.0.50:80 -s rr -p 10800\n"));
        TraceOutcome o = IptablesTrace.trace(request("10.244.0.5", "10.96.0.50", IpProtocol.TCP, 80, Map.of()), sticky).outcomes().get(0);
        assertThat(o.ipvs()).isEqualTo(new IpvsDecision("TCP 10.96.0.50:80", "rr", "10.244.2.7:8080", "persistent 10800s"));
        assertThat(o.steps()).contains("ipvs TCP 10.96.0.50:80 -> rr -> 10.244.2.7:8080 (persistent 10800s)");
        assertThat(TraceReportJson.render(new TraceReport(request("10.244.0.5", "10.96.0.50", IpProtocol.TCP, 80, Map.of()).packet(), List.of(o))))
                .contains("\"detail\": \"persistent 10800s\"");
    }

    @Test
    void withoutAllPathsTheSameDecisionIsReported() {
        TraceRequest one = new TraceRequest(RULES, IptablesTraceTest.resource(RULES), request("10.244.0.5", "10.96.0.10", IpProtocol.UDP, 53, Map.of()).packet(),
                List.of(Ip4.parse(KubeProxyIpvsNode.NODE_IP)), Map.of(), false, 7);
        TraceOutcome o = IptablesTrace.trace(one, DUMPS).outcomes().get(0);
        assertThat(o.probability()).isEqualTo(BigDecimal.ONE);
        assertThat(o.ipvs()).isEqualTo(new IpvsDecision("UDP 10.96.0.10:53", "rr", "10.244.0.2:53", null));
    }

    @Test
    void badDumpLinesNameTheFileAndLine() {
        TraceRequest r = request("10.244.0.5", "10.96.0.50", IpProtocol.TCP, 80, Map.of());
        assertThatThrownBy(() -> IptablesTrace.trace(r, new IpvsNodeDumps(IPSET, DUMPS.ipset(), IPVS, DUMPS.ipvs().replace("-A -t 10.96.0.99:80 -s rr", "-A -t 10.96.0.99:80 -s rrr"))))
                .isInstanceOf(IpvsDumpException.class)
                .hasMessage("kube-proxy-ipvs.ipvsadm:7: ipvsadm-restore: line 7: Scheduler not found: 'rrr'");
        assertThatThrownBy(() -> IptablesTrace.trace(r, new IpvsNodeDumps(IPSET, DUMPS.ipset().replace("10.96.0.10,udp:53", "10.96.0.10,udp:99999"), IPVS, DUMPS.ipvs())))
                .isInstanceOf(IpvsDumpException.class)
                .hasMessage("kube-proxy-ipvs.ipset:5: ipset v7.17: Error in line 5: Syntax error: '99999' is out of range 0-65535");
        // rules that match sets the node does not have (no --ipset): iptables-restore's own error
        assertThatThrownBy(() -> IptablesTrace.trace(r, new IpvsNodeDumps(null, null, IPVS, DUMPS.ipvs())))
                .isInstanceOf(IptablesParseException.class)
                .hasMessage("kube-proxy-ipvs.save:20: Set KUBE-LOAD-BALANCER doesn't exist.");
    }

    @Test
    void lookupStepsOfEveryKindReadAsDecisions() {
        assertThat(IpvsDecision.of(new Step.Lookup("ipvs", "TCP 10.96.0.50:80", "rr -> 10.244.1.5:8080 (new conn)")).line())
                .isEqualTo("ipvs TCP 10.96.0.50:80 -> rr -> 10.244.1.5:8080");
        assertThat(IpvsDecision.of(new Step.Lookup("ipvs", "TCP 10.96.0.50:80", "existing conn -> 10.244.1.5:8080 (ESTABLISHED)")))
                .isEqualTo(new IpvsDecision("TCP 10.96.0.50:80", "existing conn", "10.244.1.5:8080", "ESTABLISHED"));
        assertThat(IpvsDecision.of(new Step.Lookup("ipvs", "FWM 5", "sh -> no destination available")))
                .isEqualTo(new IpvsDecision("FWM 5", "sh", null, null));
    }
}
