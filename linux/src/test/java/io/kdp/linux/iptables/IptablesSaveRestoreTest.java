package io.kdp.linux.iptables;

import static io.kdp.linux.iptables.TestEnv.skb;
import static io.kdp.linux.iptables.TestEnv.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden dumps restore and save back byte for byte; --noflush partial syncs behave as kube-proxy relies on. */
class IptablesSaveRestoreTest {
    /** Mon Mar  4 10:15:02 2024 UTC, the date in the golden headers. */
    static final long DUMP_TIME = 1_709_547_302_000_000_000L;
    static final IpSetLookup ALL_SETS = new IpSetLookup() {
        @Override
        public boolean exists(String name) {
            return true;
        }

        @Override
        public boolean test(String name, SkBuff skb, int dimensions, int srcFlags) {
            return false;
        }
    };

    static String golden(String name) {
        try (InputStream in = IptablesSaveRestoreTest.class.getResourceAsStream("/iptables/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private final TestEnv env = new TestEnv();
    private final Iptables ipt = new Iptables(env);

    {
        env.nanos = DUMP_TIME;
        ipt.ipsets(ALL_SETS);
    }

    /** The dump's table blocks (Generated line to Completed line). */
    static List<String> blocks(String dump) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String l : dump.split("\n")) {
            cur.append(l).append('\n');
            if (l.startsWith("# Completed")) {
                out.add(cur.toString());
                cur.setLength(0);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"kube-proxy-iptables.save", "calico-iptables.save"})
    void goldenDumpsRoundTripExactly(String file) {
        String text = golden(file);
        ipt.restore(file, text, false, true);
        List<Table> inFileOrder = new ArrayList<>();
        for (String l : text.split("\n")) if (l.startsWith("*")) inFileOrder.add(ipt.table(l.substring(1)));
        assertThat(IptablesSave.render(inFileOrder, false, DUMP_TIME)).isEqualTo(text);
        // the live iptables-save lists tables newest first: restoring creates them in file order
        List<String> reversed = blocks(text);
        Collections.reverse(reversed);
        assertThat(ipt.save()).isEqualTo(String.join("", reversed));
        // and what iptables-save prints restores to the same thing again
        Iptables again = new Iptables(env);
        again.ipsets(ALL_SETS);
        again.restore(file, ipt.save(), false, true);
        assertThat(again.save()).isEqualTo(text);
    }

    @Test
    void withoutCountersPolicyCountersStartAtZero() {
        ipt.restore("kp", golden("kube-proxy-iptables.save"), false, false);
        assertThat(ipt.save()).contains(":INPUT ACCEPT [0:0]\n").doesNotContain("[183204:40331822]");
    }

    @Test
    void ruleCountersRoundTripWithDashC() {
        ipt.restore("kp", golden("kube-proxy-iptables.save"), false, true);
        ipt.runTable("nat", Hook.OUTPUT, skb(udp("192.168.0.10", 40000, "10.96.0.10", 53)));
        String withCounters = ipt.save(true);
        assertThat(withCounters).contains("[1:28] -A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n")
                .contains("[0:0] -A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n")
                .contains(":OUTPUT ACCEPT [2915:175046]\n");
        Iptables copy = new Iptables(env);
        copy.restore("c", withCounters, false, true);
        // same content; the copy lists its tables in the opposite order (created in the order read)
        List<String> reversed = blocks(withCounters);
        Collections.reverse(reversed);
        assertThat(copy.save(true)).isEqualTo(String.join("", reversed));
    }

    @Test
    void kubeDnsLookupTracesTheKubeProxyChains() {
        ipt.restore("kp", golden("kube-proxy-iptables.save"), false, true);
        env.tracing = true;
        SkBuff s = skb(udp("192.168.0.10", 40000, "10.96.0.10", 53));
        assertThat(ipt.runTable("nat", Hook.OUTPUT, s)).isEqualTo(Verdict.ACCEPT);
        assertThat(s.mark()).isEqualTo(0x4000);
        String dnat = env.calls.get(0);
        String sep = dnat.contains("minAddress=" + Ip4.parse("10.244.0.2")) ? "YIL6JZP7A3QYXJU2" : "6E7XQMQ4RAYOWTTM";
        String ep = sep.equals("YIL6JZP7A3QYXJU2") ? "10.244.0.2" : "10.244.0.3";
        int svcRule = sep.equals("YIL6JZP7A3QYXJU2") ? 2 : 3;
        List<Step> expected = List.of(
                new Step.Rule("nat", "OUTPUT", "rule", 1, "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES", "jump KUBE-SERVICES"),
                new Step.Rule("nat", "KUBE-SERVICES", "rule", 2, "-d 10.96.0.10/32 -p udp -m comment --comment \"kube-system/kube-dns:dns cluster IP\" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU", "jump KUBE-SVC-TCOU7JCQXEZGVUNU"),
                new Step.Rule("nat", "KUBE-SVC-TCOU7JCQXEZGVUNU", "rule", 1, "! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment \"kube-system/kube-dns:dns cluster IP\" -m udp --dport 53 -j KUBE-MARK-MASQ", "jump KUBE-MARK-MASQ"),
                new Step.Rule("nat", "KUBE-MARK-MASQ", "rule", 1, "-j MARK --set-xmark 0x4000/0x4000", "continue"),
                new Step.Rule("nat", "KUBE-MARK-MASQ", "return", 2, "-j RETURN", "return"),
                new Step.Rule("nat", "KUBE-SVC-TCOU7JCQXEZGVUNU", "rule", svcRule, ipt.table("nat").chain("KUBE-SVC-TCOU7JCQXEZGVUNU").rules().get(svcRule - 1).spec(), "jump KUBE-SEP-" + sep),
                new Step.Rule("nat", "KUBE-SEP-" + sep, "rule", 2, "-p udp -m comment --comment \"kube-system/kube-dns:dns\" -m udp -j DNAT --to-destination " + ep + ":53", "DNAT"));
        assertThat(env.steps).isEqualTo(expected);
    }

    @Test
    void sessionAffinityKeepsTheClientOnItsEndpoint() {
        ipt.restore("kp", golden("kube-proxy-iptables.save"), false, true);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            env.calls.clear();
            ipt.runTable("nat", Hook.OUTPUT, skb(TestEnv.tcp("10.244.1.20", 40000 + i, "10.96.77.3", 80, io.kdp.packet.TcpHeader.SYN)));
            picks.add(env.calls.get(0));
        }
        assertThat(picks).containsOnly(picks.get(0));
        assertThat(ipt.recentTables()).extracting(RecentTable::name).containsExactlyInAnyOrder("KUBE-SEP-QMS6HDLZZAFKHPAP", "KUBE-SEP-LMFL3UCTFWBOEFPN");
    }

    @Test
    void noflushPartialSyncTouchesOnlyListedChains() {
        ipt.restore("kp", golden("kube-proxy-iptables.save"), false, true);
        ipt.runTable("nat", Hook.OUTPUT, skb(udp("10.244.1.3", 40000, "10.96.0.10", 53)));
        long dnsRuleHits = ipt.table("nat").chain("KUBE-SVC-TCOU7JCQXEZGVUNU").rules().stream().mapToLong(Rule::packets).sum();
        assertThat(dnsRuleHits).isEqualTo(1);
        String filterBefore = IptablesSave.render(List.of(ipt.table("filter")), true, 0);
        List<Rule> services = ipt.table("nat").chain("KUBE-SERVICES").rules();
        StringBuilder sync = new StringBuilder("*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-SVC-T2ECBIYT2WDZZK45 - [0:0]\n:KUBE-SEP-QMS6HDLZZAFKHPAP - [0:0]\n"
                + ":KUBE-SEP-LMFL3UCTFWBOEFPN - [0:0]\n:KUBE-SVC-NEWNEWNEWNEWNEWN - [0:0]\n");
        for (Rule r : services) if (!r.spec().contains("sticky")) sync.append("-A KUBE-SERVICES ").append(r.spec()).append('\n');
        sync.append("-A KUBE-SVC-NEWNEWNEWNEWNEWN -j KUBE-MARK-MASQ\n");
        sync.append("-X KUBE-SVC-T2ECBIYT2WDZZK45\n-X KUBE-SEP-QMS6HDLZZAFKHPAP\n-X KUBE-SEP-LMFL3UCTFWBOEFPN\nCOMMIT\n");
        ipt.restore("sync", sync.toString(), true, true);

        Table nat = ipt.table("nat");
        assertThat(nat.chain("KUBE-SVC-T2ECBIYT2WDZZK45")).isNull();
        assertThat(nat.chain("KUBE-SEP-QMS6HDLZZAFKHPAP")).isNull();
        assertThat(nat.chain("KUBE-SVC-NEWNEWNEWNEWNEWN").rules()).extracting(Rule::spec).containsExactly("-j KUBE-MARK-MASQ");
        assertThat(nat.chain("KUBE-SERVICES").rules()).hasSize(services.size() - 1);
        // unlisted chains keep their rules and counters; other tables are untouched
        assertThat(nat.chain("KUBE-SVC-TCOU7JCQXEZGVUNU").rules().stream().mapToLong(Rule::packets).sum()).isEqualTo(1);
        assertThat(nat.chain("POSTROUTING").rules()).hasSize(1);
        assertThat(IptablesSave.render(List.of(ipt.table("filter")), true, 0)).isEqualTo(filterBefore);
        // the affinity lists die with the last rule naming them
        assertThat(ipt.recentTables()).isEmpty();
        // a built-in chain listed in a --noflush restore is flushed too
        ipt.restore("sync2", "*nat\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n", true, false);
        assertThat(nat.chain("OUTPUT").rules()).isEmpty();
        assertThat(nat.chain("PREROUTING").rules()).hasSize(1);
    }

    @Test
    void withoutNoflushATableIsReplacedWholeAndOtherTablesStay() {
        ipt.restore("kp", golden("kube-proxy-iptables.save"), false, true);
        ipt.restore("new", "*nat\n:POSTROUTING ACCEPT [0:0]\n:MINE - [0:0]\n-A POSTROUTING -j MINE\nCOMMIT\n", false, false);
        assertThat(ipt.table("nat").chains()).extracting(Chain::name).containsExactly("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", "MINE");
        assertThat(ipt.table("nat").chain("PREROUTING").rules()).isEmpty();
        assertThat(ipt.table("filter").chain("KUBE-FORWARD").rules()).hasSize(3);
    }

    @Test
    void jumpingToAChainThatDoesNotExistFailsAtItsLine() {
        ipt.restore("kp", golden("kube-proxy-iptables.save"), false, true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ipt.restore("sync", "*nat\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -j KUBE-SVC-GONE\nCOMMIT\n", true, false))
                .isInstanceOf(IptablesParseException.class)
                .hasMessage("sync:3: Couldn't load target `KUBE-SVC-GONE':No such file or directory");
        // the failed block changed nothing
        assertThat(ipt.table("nat").chain("KUBE-SERVICES").rules()).hasSize(7);
    }
}
