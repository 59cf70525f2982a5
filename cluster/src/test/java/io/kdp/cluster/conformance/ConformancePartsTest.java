package io.kdp.cluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.cluster.offline.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The conformance suite's parts that need no kernel: outcome and conntrack parsing, counts, classification, the corpus. */
class ConformancePartsTest {
    @Test
    void outcomesRoundTripThroughTheirWrittenForm() {
        for (String s : List.of("ACCEPT", "ACCEPT masq", "ACCEPT dnat=10.0.1.1:8080", "ACCEPT dnat=10.0.1.1:8080 masq", "DROP", "REJECT")) {
            assertThat(FlowOutcome.parse(s).toString()).isEqualTo(s);
        }
        assertThat(FlowOutcome.parse("  ACCEPT   masq  ")).isEqualTo(new FlowOutcome(Verdict.ACCEPT, null, true));
        assertThatThrownBy(() -> FlowOutcome.parse("FORWARD")).hasMessage("outcome \"FORWARD\": expected ACCEPT, DROP or REJECT first");
        assertThatThrownBy(() -> FlowOutcome.parse("ACCEPT masq masq")).hasMessage("outcome \"ACCEPT masq masq\": unexpected \"masq\" (expected dnat=IP:PORT or masq)");
        assertThatThrownBy(() -> FlowOutcome.parse("DROP dnat=10.0.0.1:80")).hasMessage("DROP cannot have dnat or masq: a dropped connection is never confirmed");
    }

    @Test
    void conntrackListLinesGiveTheDnatDestinationAndWhetherTheSourceWasRewritten() {
        ConntrackLine l = ConntrackLine.parse("tcp      6 431999 ESTABLISHED src=192.168.0.50 dst=10.96.0.11 sport=20000 dport=80 "
                + "src=10.244.1.11 dst=192.168.0.11 sport=8080 dport=61234 [ASSURED] mark=0 use=1");
        assertThat(l).isEqualTo(new ConntrackLine("tcp", "192.168.0.50", "10.96.0.11", 20000, 80, "10.244.1.11", "192.168.0.11", 8080, 61234));
        assertThat(l.key()).isEqualTo("tcp 192.168.0.50:20000 10.96.0.11:80");
        assertThat(l.outcome()).hasToString("ACCEPT dnat=10.244.1.11:8080 masq");
        // unchanged tuples: no NAT; a port-only source rewrite still counts (MASQUERADE of the node's own address)
        assertThat(ConntrackLine.parse("udp 17 29 src=10.0.0.1 dst=10.0.0.2 sport=20001 dport=53 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=53 dport=20001 mark=0 use=1")
                .outcome()).hasToString("ACCEPT");
        assertThat(ConntrackLine.parse("tcp 6 120 SYN_SENT src=192.168.0.11 dst=10.96.0.1 sport=20002 dport=443 [UNREPLIED] src=192.168.0.10 dst=192.168.0.11 sport=6443 dport=1025")
                .outcome()).hasToString("ACCEPT dnat=192.168.0.10:6443 masq");
        // conntrack -E prefixes its lines with the event type
        assertThat(ConntrackLine.parse("    [NEW] tcp 6 120 SYN_SENT src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1").proto())
                .isEqualTo("tcp");
        assertThatThrownBy(() -> ConntrackLine.parse("conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown."))
                .hasMessageStartingWith("conntrack line without two tuples:");
    }

    @Test
    void connectionCountsMakeMissingABranchNegligible() {
        assertThat(ConnectionCount.of(1, 1)).isEqualTo(ConnectionCount.MINIMUM);
        assertThat(ConnectionCount.of(2, 0.5)).isEqualTo(31);
        assertThat(ConnectionCount.of(3, 0.333333333256)).isEqualTo(54);
        assertThat(ConnectionCount.of(5, 0.2)).isEqualTo(101);
        assertThat(ConnectionCount.of(3, 0.1875)).isEqualTo(106);
        for (int k = 2; k <= 5; k++) {
            int n = ConnectionCount.of(k, 1.0 / k);
            assertThat(k * Math.pow(1 - 1.0 / k, n)).isLessThanOrEqualTo(ConnectionCount.MISS);
        }
        assertThatThrownBy(() -> ConnectionCount.of(2, 0)).hasMessage("an outcome of probability 0.0 cannot be observed");
    }

    @Test
    void connectionsAreClassifiedFromTheSocketAndTheConntrackEntry() {
        RuleSet rs = new RuleSet("t", false, "", List.of("192.168.0.11"), Map.of(), List.of());
        ConntrackLine out = ConntrackLine.parse("tcp 6 120 SYN_SENT src=192.168.0.50 dst=10.96.0.1 sport=20000 dport=80 [UNREPLIED] src=10.0.0.1 dst=192.168.0.50 sport=80 dport=20000");
        ConntrackLine local = ConntrackLine.parse("tcp 6 120 SYN_SENT src=192.168.0.11 dst=192.168.0.11 sport=20000 dport=80 [UNREPLIED] src=192.168.0.11 dst=192.168.0.11 sport=80 dport=20000");
        assertThat(TrafficDriver.classify(rs, out, "connected")).hasToString("ACCEPT dnat=10.0.0.1:80");
        assertThat(TrafficDriver.classify(rs, null, "connected")).isNull();
        assertThat(TrafficDriver.classify(rs, out, "refused")).isEqualTo(FlowOutcome.REJECT);
        assertThat(TrafficDriver.classify(rs, local, "refused")).isEqualTo(FlowOutcome.REJECT); // confirmed on POSTROUTING, rejected on INPUT
        assertThat(TrafficDriver.classify(rs, out, "timeout")).hasToString("ACCEPT dnat=10.0.0.1:80"); // left the node, unanswered
        assertThat(TrafficDriver.classify(rs, local, "timeout")).isEqualTo(FlowOutcome.DROP); // confirmed on POSTROUTING, dropped on INPUT
        assertThat(TrafficDriver.classify(rs, null, "timeout")).isEqualTo(FlowOutcome.DROP);
        assertThat(TrafficDriver.classify(rs, null, "error:EPERM")).isEqualTo(FlowOutcome.DROP);
        assertThat(TrafficDriver.classify(rs, null, "error:EHOSTUNREACH")).isNull();
    }

    @Test
    void anUnmasqueradedConnectionBesideMasqueradedOnesToTheSameEndpointIsARandomFullyPortCollision() {
        TrafficDriver.Observed o = new TrafficDriver.Observed(new java.util.TreeMap<>(Map.of(
                FlowOutcome.parse("ACCEPT dnat=10.0.0.1:80 masq"), 30, FlowOutcome.parse("ACCEPT dnat=10.0.0.1:80"), 1,
                FlowOutcome.parse("ACCEPT dnat=10.0.0.2:80"), 5)), new ArrayList<>(), new int[1]);
        TrafficDriver.mergePortCollisions(o);
        assertThat(o.counts()).containsExactly(Map.entry(FlowOutcome.parse("ACCEPT dnat=10.0.0.1:80 masq"), 31),
                Map.entry(FlowOutcome.parse("ACCEPT dnat=10.0.0.2:80"), 5));
        assertThat(o.portCollisions()[0]).isEqualTo(1);
    }

    @Test
    void handWrittenFilesParseAndTheirErrorsNameFileAndLine() {
        List<RuleSet> hand = HandWrittenCorpus.load();
        assertThat(hand).extracting(RuleSet::name).containsExactlyElementsOf(HandWrittenCorpus.NAMES);
        int flows = 0;
        for (RuleSet rs : hand) {
            flows += rs.flows().size();
            assertThat(rs.flows()).allSatisfy(f -> assertThat(f.expected()).isNotEmpty());
        }
        assertThat(flows).isGreaterThanOrEqualTo(100);
        Flow f = HandWrittenCorpus.flow("x:3", "tcp 192.168.0.50 -> 10.96.10.1:80 => ACCEPT dnat=10.0.10.1:80 | DROP -- why");
        assertThat(f).isEqualTo(new Flow("x:3 (why)", "tcp", "192.168.0.50", "10.96.10.1", 80, false,
                Set.of(FlowOutcome.parse("ACCEPT dnat=10.0.10.1:80"), FlowOutcome.DROP)));
        assertThatThrownBy(() -> HandWrittenCorpus.parse("bad", "#node-ip 192.168.0.11\n#flow tcp 1.2.3.4 10.0.0.1:80 => DROP\n"))
                .hasMessage("bad.rules:2: expected \"#flow tcp|udp SRC -> DST:PORT => OUTCOME [| OUTCOME...] [-- why]\", got \"tcp 1.2.3.4 10.0.0.1:80 => DROP\"");
        assertThatThrownBy(() -> HandWrittenCorpus.parse("bad", "#node-ip 192.168.0.11\n#flow tcp 1.2.3.4 -> 10.0.0.1:80 => DROP | DROP\n"))
                .hasMessage("bad.rules:2: outcome DROP given twice");
        assertThatThrownBy(() -> HandWrittenCorpus.parse("bad", "#nodeip 192.168.0.11\n"))
                .hasMessage("bad.rules:1: unknown directive #nodeip (expected #node-ip, #sysctl or #flow; comments start with \"# \")");
        assertThatThrownBy(() -> HandWrittenCorpus.parse("bad", "#flow tcp 1.2.3.4 -> 10.0.0.1:80 => DROP\n")).hasMessage("bad.rules: no #node-ip line");
    }

    @Test
    void flowsStartWhereTheirSourceAddressLives() {
        RuleSet rs = new RuleSet("t", false, "-A X -j DNAT --to-destination 10.0.0.7:80\n-A Y -j DNAT --to-destination 192.168.0.11\n",
                List.of("192.168.0.11"), Map.of(), List.of());
        assertThat(rs.endpoints()).containsExactly("10.0.0.7"); // the node's own address is no endpoint
        assertThat(rs.origin(new Flow("a", "tcp", "127.0.0.1", "10.0.0.1", 80, false, null))).isEqualTo(RuleSet.Origin.NODE);
        assertThat(rs.origin(new Flow("b", "tcp", "192.168.0.11", "10.0.0.1", 80, false, null))).isEqualTo(RuleSet.Origin.NODE);
        assertThat(rs.origin(new Flow("c", "tcp", "10.0.0.7", "10.0.0.1", 80, false, null))).isEqualTo(RuleSet.Origin.BACKEND);
        assertThat(rs.origin(new Flow("d", "tcp", "192.168.0.50", "10.0.0.1", 80, false, null))).isEqualTo(RuleSet.Origin.CLIENT);
    }

    @Test
    void theGeneratedCorpusCoversEveryScenarioAndEveryKindOfClient() {
        List<RuleSet> generated = GeneratedCorpus.build();
        List<String> labels = new ArrayList<>();
        for (RuleSet rs : generated) {
            assertThat(rs.generated()).isTrue();
            for (Flow f : rs.flows()) labels.add(f.label());
        }
        assertThat(labels.size() + 121).as("corpus size").isGreaterThanOrEqualTo(300);
        for (String what : List.of("one cluster IP", "two cluster IP", "three cluster IP", "five cluster IP", "np NodePort on 192.168.0.11",
                "ext external IP 203.0.113.10", "lb load-balancer IP 198.51.100.5", "empty cluster IP", "draining cluster IP",
                "etp-local load-balancer IP", "etp-remote NodePort", "itp-local cluster IP", "itp-remote cluster IP", "dns cluster IP",
                "sticky cluster IP", "kubernetes cluster IP")) {
            assertThat(labels).as(what).anyMatch(l -> l.contains(what));
        }
        for (GeneratedCorpus.Source s : GeneratedCorpus.SOURCES) {
            assertThat(labels).as(s.kind()).anyMatch(l -> l.endsWith("from " + s.kind()));
        }
        assertThat(labels).anyMatch(l -> l.endsWith("(hairpin)"));
        assertThat(generated.get(0).rules()).contains("-A KUBE-SERVICES", "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
        assertThat(generated.get(0).sysctls()).containsExactly(Map.entry("net.ipv4.conf.all.route_localnet", "1"));
        assertThat(generated.get(1).flows()).allMatch(Flow::sequential);
    }

    @Test
    void kdpPredictsWhatEachGeneratedScenarioIsAbout() {
        RuleSet rs = GeneratedCorpus.defaults();
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("one cluster IP from pod on this node", "[ACCEPT dnat=10.244.1.11:8080]");
        expected.put("one cluster IP from off-cluster host", "[ACCEPT dnat=10.244.1.11:8080 masq]");
        expected.put("one cluster IP from its own endpoint (hairpin)", "[ACCEPT dnat=10.244.1.11:8080 masq]");
        expected.put("five cluster IP from pod on this node", "[ACCEPT dnat=10.244.0.55:8080, ACCEPT dnat=10.244.1.51:8080, "
                + "ACCEPT dnat=10.244.1.52:8080, ACCEPT dnat=10.244.2.53:8080, ACCEPT dnat=10.244.2.54:8080]");
        expected.put("lb load-balancer IP 198.51.100.5 from host inside the source ranges", "[ACCEPT dnat=10.244.1.82:8080 masq, ACCEPT dnat=10.244.2.81:8080 masq]");
        expected.put("lb load-balancer IP 198.51.100.5 from internet host outside the source ranges", "[DROP]");
        expected.put("empty cluster IP from pod on this node", "[REJECT]");
        expected.put("empty NodePort on 192.168.0.11 from off-cluster host", "[REJECT]");
        expected.put("draining cluster IP from pod on this node", "[ACCEPT dnat=10.244.0.91:8080, ACCEPT dnat=10.244.2.92:8080]");
        expected.put("etp-local load-balancer IP 198.51.100.9 from off-cluster host", "[ACCEPT dnat=10.244.0.101:8080]");
        expected.put("etp-remote NodePort on 192.168.0.11 from off-cluster host", "[DROP]");
        expected.put("itp-local cluster IP from pod on another node", "[ACCEPT dnat=10.244.0.121:8080]");
        expected.put("itp-remote cluster IP from pod on this node", "[DROP]");
        expected.put("np NodePort on 127.0.0.1 from the node via localhost (OUTPUT)", "[ACCEPT dnat=10.244.1.61:8080 masq, ACCEPT dnat=10.244.2.62:8080 masq]");
        expected.put("dns cluster IP from pod on another node", "[ACCEPT dnat=10.244.0.2:53, ACCEPT dnat=10.244.1.3:53]");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Flow f = rs.flows().stream().filter(x -> x.label().equals("kube-proxy-defaults: " + e.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("no flow " + e.getKey()));
            assertThat(KdpPrediction.of(rs, f).outcomes()).as(e.getKey()).hasToString(e.getValue());
        }
    }
}
