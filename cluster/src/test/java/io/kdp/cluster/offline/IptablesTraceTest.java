package io.kdp.cluster.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.iptables.IptablesParseException;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Offline traces over the realistic kube-proxy dump (node 192.168.0.11, pod CIDR 10.244.0.0/16). */
class IptablesTraceTest {
    static final String DUMP = "kube-proxy-iptables.save";
    static final String NODE_IP = "192.168.0.11";

    static String resource(String name) {
        try (InputStream in = IptablesTraceTest.class.getResourceAsStream("/offline/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static TraceRequest request(String rules, String src, String dst, int proto, int dport, Map<String, String> sysctls, boolean allPaths) {
        return new TraceRequest(DUMP, rules, new TracePacket(Ip4.parse(src), Ip4.parse(dst), proto, 40000, dport),
                List.of(Ip4.parse(NODE_IP)), sysctls, allPaths, 1);
    }

    static TraceReport trace(String src, String dst, int proto, int dport, Map<String, String> sysctls, boolean allPaths) {
        return IptablesTrace.trace(request(resource(DUMP), src, dst, proto, dport, sysctls, allPaths));
    }

    @Test
    void clusterIpWithThreeEndpointsGivesThreeOutcomesOfOneThirdEach() {
        TraceReport r = trace("10.244.0.5", "10.96.45.7", IpProtocol.TCP, 80, Map.of(), true);
        assertThat(r.outcomes()).extracting(TraceOutcome::dnat).containsExactly("10.244.1.5:8080", "10.244.1.6:8080", "10.244.2.7:8080");
        assertThat(r.outcomes()).extracting(TraceOutcome::verdict).containsOnly(Verdict.ACCEPT);
        assertThat(r.outcomes()).extracting(TraceOutcome::masquerade).containsOnly(false);
        assertThat(r.outcomes()).extracting(TraceOutcome::ending).containsOnly("forwarded out eth0");
        // 0.33333333349 is lround(2^31/3)/2^31 = 715827883/2147483648; the others share the rest equally
        assertThat(r.outcomes()).extracting(TraceOutcome::probability)
                .containsExactly(new BigDecimal("0.333333333489"), new BigDecimal("0.333333333256"), new BigDecimal("0.333333333256"));
        BigDecimal sum = BigDecimal.ZERO;
        for (TraceOutcome o : r.outcomes()) {
            assertThat(o.probability().doubleValue()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
            sum = sum.add(o.probability());
        }
        assertThat(sum.doubleValue()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.outcomes().get(1).steps()).containsExactly(
                "nat PREROUTING rule 1: -A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                "nat KUBE-SERVICES rule 4: -A KUBE-SERVICES -d 10.96.45.7/32 -p tcp -m comment --comment \"default/web:http cluster IP\" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL",
                "nat KUBE-SVC-CDGGSHYLG3RE2FKL rule 3: -A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment \"default/web:http -> 10.244.1.6:8080\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-F7BHZ7WL3PFYMSRY",
                "nat KUBE-SEP-F7BHZ7WL3PFYMSRY rule 2: -A KUBE-SEP-F7BHZ7WL3PFYMSRY -p tcp -m comment --comment \"default/web:http\" -m tcp -j DNAT --to-destination 10.244.1.6:8080",
                "filter FORWARD rule 1: -A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
                "filter FORWARD rule 2: -A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
                "filter FORWARD rule 3: -A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                "filter FORWARD rule 4: -A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES",
                "nat POSTROUTING rule 1: -A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
                "nat KUBE-POSTROUTING rule 1: -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN");
    }

    @Test
    void nodePortFromOutsideIsMasqueradedAndTheMasqueradeMarkIsClearedOnTheWayOut() {
        TraceReport r = trace("192.168.0.50", NODE_IP, IpProtocol.TCP, 30080, Map.of(), true);
        assertThat(r.outcomes()).hasSize(3);
        assertThat(r.outcomes()).extracting(TraceOutcome::dnat).containsExactly("10.244.1.5:8080", "10.244.1.6:8080", "10.244.2.7:8080");
        assertThat(r.outcomes()).extracting(TraceOutcome::masquerade).containsOnly(true);
        // KUBE-POSTROUTING xors 0x4000 away before MASQUERADE
        assertThat(r.outcomes()).extracting(TraceOutcome::markHex).containsOnly("0x0");
        assertThat(r.outcomes().get(0).steps()).contains(
                "nat KUBE-MARK-MASQ rule 1: -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
                "filter KUBE-FORWARD rule 2: -A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x4000/0x4000 -j ACCEPT")
                .endsWith("nat KUBE-POSTROUTING rule 2: -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0",
                        "nat KUBE-POSTROUTING rule 3: -A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully");
    }

    @Test
    void serviceWithoutEndpointsIsRejectedByFilterKubeServices() {
        TraceReport r = trace("10.244.0.5", "10.96.9.9", IpProtocol.TCP, 80, Map.of(), true);
        assertThat(r.outcomes()).hasSize(1);
        TraceOutcome o = r.outcomes().get(0);
        assertThat(o.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(o.probability()).isEqualTo(BigDecimal.ONE);
        assertThat(o.dnat()).isNull();
        // the ICMP error the REJECT sends goes through OUTPUT too; its steps are not the traced packet's
        assertThat(o.steps()).containsExactly(
                "nat PREROUTING rule 1: -A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                "filter FORWARD rule 1: -A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
                "filter FORWARD rule 2: -A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
                "filter FORWARD rule 3: -A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                "filter KUBE-SERVICES rule 1: -A KUBE-SERVICES -d 10.96.9.9/32 -p tcp -m comment --comment \"default/empty:http has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable");
    }

    @Test
    void localhostFromOutsideIsAMartianUnlessRouteLocalnetThenKubeFirewallDropsIt() {
        TraceOutcome off = trace("192.168.0.50", "127.0.0.1", IpProtocol.TCP, 22, Map.of(), false).outcomes().get(0);
        assertThat(off.verdict()).isEqualTo(Verdict.DROP);
        assertThat(off.ending()).isEqualTo("dropped: martian destination 127.0.0.1 from 192.168.0.50, dev eth0 (net.ipv4.conf.eth0.route_localnet=0)");

        TraceOutcome on = trace("192.168.0.50", "127.0.0.1", IpProtocol.TCP, 22, Map.of("net.ipv4.conf.all.route_localnet", "1"), false).outcomes().get(0);
        assertThat(on.verdict()).isEqualTo(Verdict.DROP);
        assertThat(on.steps()).last().isEqualTo("filter KUBE-FIREWALL rule 1: -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
    }

    @Test
    void localhostNodePortFromTheNodeWithRouteLocalnetIsDnatedAndMasqueraded() {
        TraceReport r = trace("127.0.0.1", "127.0.0.1", IpProtocol.TCP, 30080, Map.of("net.ipv4.conf.all.route_localnet", "1"), true);
        assertThat(r.outcomes()).extracting(TraceOutcome::dnat).containsExactly("10.244.1.5:8080", "10.244.1.6:8080", "10.244.2.7:8080");
        assertThat(r.outcomes()).extracting(TraceOutcome::masquerade).containsOnly(true);
        assertThat(r.outcomes()).extracting(TraceOutcome::ending).containsOnly("sent out eth0");
        assertThat(r.outcomes().get(0).steps().get(0)).isEqualTo("nat OUTPUT rule 1: -A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
    }

    @Test
    void localhostNodePortFromOutsideIsDnatedBeforeRoutingSoItIsNoMartian() {
        // ip_rcv_finish routes the packet after PREROUTING's DNAT: 127.0.0.1 is already 10.244.x.x
        TraceReport r = trace("192.168.0.50", "127.0.0.1", IpProtocol.TCP, 30080, Map.of(), true);
        assertThat(r.outcomes()).extracting(TraceOutcome::verdict).containsOnly(Verdict.ACCEPT);
        assertThat(r.outcomes()).extracting(TraceOutcome::dnat).containsExactly("10.244.1.5:8080", "10.244.1.6:8080", "10.244.2.7:8080");
    }

    static final String DROP_POLICY = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            *mangle
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -s 192.168.0.0/24 -j MARK --set-xmark 0x1234/0xffffffff
            COMMIT
            """;

    @Test
    void dropPolicyEndsThePathAndTheMarkIsTheOneAtTheEnd() {
        TraceOutcome dropped = IptablesTrace.trace(request(DROP_POLICY, "192.168.0.50", NODE_IP, IpProtocol.TCP, 80, Map.of(), true)).outcomes().get(0);
        assertThat(dropped.verdict()).isEqualTo(Verdict.DROP);
        assertThat(dropped.markHex()).isEqualTo("0x1234");
        assertThat(dropped.ending()).isEqualTo("dropped: iptables filter:INPUT:policy:2 DROP");
        assertThat(dropped.steps()).containsExactly(
                "mangle PREROUTING rule 1: -A PREROUTING -s 192.168.0.0/24 -j MARK --set-xmark 0x1234/0xffffffff",
                "filter INPUT policy: DROP");

        TraceOutcome ssh = IptablesTrace.trace(request(DROP_POLICY, "192.168.0.50", NODE_IP, IpProtocol.TCP, 22, Map.of(), true)).outcomes().get(0);
        assertThat(ssh.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(ssh.ending()).isEqualTo("accepted at INPUT: delivered locally");
        assertThat(ssh.steps()).containsExactly(
                "mangle PREROUTING rule 1: -A PREROUTING -s 192.168.0.0/24 -j MARK --set-xmark 0x1234/0xffffffff",
                "filter INPUT rule 1: -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT");
    }

    static final String TWO_DRAWS = """
            *mangle
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -m statistic --mode random --probability 0.25 -j MARK --set-xmark 0x1/0x1
            -A PREROUTING -m statistic --mode random ! --probability 0.25 -j MARK --set-xmark 0x2/0x2
            -A PREROUTING -m statistic --mode random --probability 1 -j MARK --set-xmark 0x4/0x4
            -A PREROUTING -m statistic --mode random --probability 0 -j MARK --set-xmark 0x8/0x8
            COMMIT
            """;

    @Test
    void everyBranchIsFollowedIncludingInvertedOnesAndCertainRulesDoNotBranch() {
        TraceReport r = IptablesTrace.trace(request(TWO_DRAWS, "192.168.0.50", NODE_IP, IpProtocol.UDP, 53, Map.of(), true));
        assertThat(r.outcomes()).extracting(TraceOutcome::markHex).containsExactly("0x5", "0x7", "0x4", "0x6");
        assertThat(r.outcomes()).extracting(TraceOutcome::probability).containsExactly(
                new BigDecimal("0.0625"), new BigDecimal("0.1875"), new BigDecimal("0.1875"), new BigDecimal("0.5625"));
        assertThat(r.outcomes().get(3).steps()).containsExactly(
                "mangle PREROUTING rule 2: -A PREROUTING -m statistic --mode random ! --probability 0.25000000000 -j MARK --set-xmark 0x2/0x2",
                "mangle PREROUTING rule 3: -A PREROUTING -m statistic --mode random --probability 1.00000000000 -j MARK --set-xmark 0x4/0x4");
    }

    @Test
    void withoutAllPathsOneSeededPathIsReportedWithItsProbability() {
        TraceReport a = trace("10.244.0.5", "10.96.45.7", IpProtocol.TCP, 80, Map.of(), false);
        TraceReport b = trace("10.244.0.5", "10.96.45.7", IpProtocol.TCP, 80, Map.of(), false);
        assertThat(a.outcomes()).hasSize(1);
        assertThat(a).isEqualTo(b);
        TraceOutcome o = a.outcomes().get(0);
        assertThat(o.probability()).isEqualTo(o.dnat().equals("10.244.1.5:8080") ? new BigDecimal("0.333333333489") : new BigDecimal("0.333333333256"));
    }

    @Test
    void jsonMatchesTheGoldenFile() {
        TraceReport r = trace("10.244.0.5", "10.96.0.10", IpProtocol.UDP, 53, Map.of(), true);
        assertThat(TraceReportJson.render(r)).isEqualTo(resource("dns-all-paths.json"));
    }

    @Test
    void textMatchesTheGoldenFile() {
        TraceReport r = trace("192.168.0.50", NODE_IP, IpProtocol.TCP, 30080, Map.of(), false);
        assertThat(TraceReportText.render(r)).isEqualTo(resource("nodeport-seed1.txt"));
    }

    @Test
    void aBadDumpLineIsReportedWithFileAndLine() {
        String bad = resource(DUMP).replace("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP", "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROPP");
        assertThatThrownBy(() -> IptablesTrace.trace(request(bad, "10.244.0.5", "10.96.45.7", IpProtocol.TCP, 80, Map.of(), false)))
                .isInstanceOf(IptablesParseException.class)
                .hasMessage("kube-proxy-iptables.save:27: Couldn't load target `DROPP':No such file or directory");
    }

    @Test
    void badRequestsAreRefusedWithTheOptionName() {
        assertThatThrownBy(() -> new TracePacket(1, 2, IpProtocol.SCTP, 1, 2))
                .hasMessage("--proto sctp: not supported yet (kdp's packet model has no SCTP header); use tcp, udp or icmp");
        assertThatThrownBy(() -> new TracePacket(1, 2, IpProtocol.TCP, 1, 70000)).hasMessage("--dport 70000: expected a port in 0..65535");
        assertThatThrownBy(() -> trace("10.244.0.5", "10.96.45.7", IpProtocol.TCP, 80, Map.of("net.ipv4.bogus", "1"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--sysctl net.ipv4.bogus: not a sysctl kdp models");
    }

    @Test
    void icmpEchoToTheNodeIsDeliveredLocally() {
        TraceOutcome o = IptablesTrace.trace(new TraceRequest(DUMP, resource(DUMP), new TracePacket(Ip4.parse("192.168.0.50"), Ip4.parse(NODE_IP), IpProtocol.ICMP, 7, 0),
                List.of(Ip4.parse(NODE_IP)), Map.of(), true, 1)).outcomes().get(0);
        assertThat(o.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(o.ending()).isEqualTo("accepted at INPUT: delivered locally");
        assertThat(o.dnat()).isNull();
    }
}
