package io.kdp.linux.iptables;

import static io.kdp.linux.iptables.TestEnv.skb;
import static io.kdp.linux.iptables.TestEnv.tcp;
import static io.kdp.linux.iptables.TestEnv.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.RouteType;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.TcpHeader;
import org.junit.jupiter.api.Test;

/** ipt_do_table semantics evaluated directly on SkBuffs. */
class IptablesEvalTest {
    private final TestEnv env = new TestEnv();
    private final Iptables ipt = new Iptables(env);

    private void load(String text) {
        ipt.restore("test", text, false, false);
    }

    private SkBuff syn(String src, String dst, int dport) {
        return skb(tcp(src, 40000, dst, dport, TcpHeader.SYN));
    }

    @Test
    void gotoDoesNotPushAReturnPoint() {
        load("*mangle\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A INPUT -j MARK --set-xmark 0x1/0x1\n"
                + "-A A -g B\n-A A -j MARK --set-xmark 0x2/0x2\n-A B -j MARK --set-xmark 0x4/0x4\nCOMMIT\n");
        env.tracing = true;
        SkBuff s = syn("10.0.0.1", "10.0.0.2", 80);
        assertThat(ipt.runTable("mangle", Hook.INPUT, s)).isEqualTo(Verdict.ACCEPT);
        assertThat(s.mark()).isEqualTo(0x5);
        assertThat(env.steps).extracting(Step::text).containsExactly(
                "mangle:INPUT:rule:1  -j A  => jump A",
                "mangle:A:rule:1  -g B  => goto B",
                "mangle:B:rule:1  -j MARK --set-xmark 0x4/0x4",
                "mangle:B:return:2  return to the calling chain",
                "mangle:INPUT:rule:2  -j MARK --set-xmark 0x1/0x1",
                "mangle:INPUT:policy:3  policy ACCEPT");
    }

    @Test
    void jumpReturnsToTheRuleAfterIt() {
        load("*mangle\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A INPUT -j MARK --set-xmark 0x1/0x1\n"
                + "-A A -j B\n-A A -j MARK --set-xmark 0x2/0x2\n-A B -j MARK --set-xmark 0x4/0x4\nCOMMIT\n");
        SkBuff s = syn("10.0.0.1", "10.0.0.2", 80);
        ipt.runTable("mangle", Hook.INPUT, s);
        assertThat(s.mark()).isEqualTo(0x7);
    }

    @Test
    void returnFromNestedChainsAndUnconditionalVerdictsTraceAsTheKernelNumbersThem() {
        load("*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A INPUT -p tcp -j DROP\n"
                + "-A A -j B\n-A A -p udp -j ACCEPT\n-A B -j RETURN\n-A B -j ACCEPT\nCOMMIT\n");
        env.tracing = true;
        SkBuff s = syn("10.0.0.1", "10.0.0.2", 80);
        assertThat(ipt.runTable("filter", Hook.INPUT, s)).isEqualTo(Verdict.DROP);
        assertThat(s.dropReason()).isEqualTo("iptables filter:INPUT:rule:2 DROP");
        assertThat(env.steps).containsExactly(
                new Step.Rule("filter", "INPUT", "rule", 1, "-j A", "jump A"),
                new Step.Rule("filter", "A", "rule", 1, "-j B", "jump B"),
                new Step.Rule("filter", "B", "return", 1, "-j RETURN", "RETURN"),
                new Step.Rule("filter", "A", "return", 3, "-j RETURN", "return"),
                new Step.Rule("filter", "INPUT", "rule", 2, "-p tcp -j DROP", "DROP"));
        assertThat(ipt.runTable("filter", Hook.INPUT, skb(udp("10.0.0.1", 1, "10.0.0.2", 53)))).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void policiesApplyAtTheEndOfBuiltinChainsWithCounters() {
        load("*filter\n:INPUT DROP [0:0]\n:X - [0:0]\n-A INPUT -s 10.1.0.0/16 -j ACCEPT\n-A FORWARD -g X\n-A X -j RETURN\nCOMMIT\n");
        SkBuff dropped = syn("10.2.0.1", "10.0.0.2", 80);
        env.tracing = true;
        assertThat(ipt.runTable("filter", Hook.INPUT, dropped)).isEqualTo(Verdict.DROP);
        assertThat(dropped.dropReason()).isEqualTo("iptables filter:INPUT:policy:2 DROP");
        assertThat(env.steps).containsExactly(new Step.Rule("filter", "INPUT", "policy", 2, "DROP", "DROP"));
        assertThat(ipt.runTable("filter", Hook.INPUT, syn("10.1.9.9", "10.0.0.2", 80))).isEqualTo(Verdict.ACCEPT);
        Chain input = ipt.table("filter").chain("INPUT");
        assertThat(input.policyPackets()).isEqualTo(1);
        assertThat(input.policyBytes()).isEqualTo(40);
        assertThat(input.rules().get(0).packets()).isEqualTo(1);
        assertThat(input.rules().get(0).bytes()).isEqualTo(40);
        // RETURN with nothing to return to (reached by goto from FORWARD) applies FORWARD's policy
        assertThat(ipt.runTable("filter", Hook.FORWARD, syn("1.1.1.1", "2.2.2.2", 1))).isEqualTo(Verdict.ACCEPT);
        assertThat(ipt.table("filter").chain("FORWARD").policyPackets()).isEqualTo(1);
        assertThat(ipt.save()).contains(":INPUT DROP [1:40]\n:FORWARD ACCEPT [1:40]\n");
    }

    @Test
    void negationsAndInterfaceWildcards() {
        load("*filter\n-A FORWARD ! -s 10.244.0.0/16 -i cali+ -j DROP\n-A FORWARD ! -o eth0 -p udp -j DROP\nCOMMIT\n");
        assertThat(ipt.runTable("filter", Hook.FORWARD, skb(tcp("8.8.8.8", 1, "10.244.1.1", 2, 0), "cali123", "eth0"))).isEqualTo(Verdict.DROP);
        assertThat(ipt.runTable("filter", Hook.FORWARD, skb(tcp("10.244.3.3", 1, "10.244.1.1", 2, 0), "cali123", "eth0"))).isEqualTo(Verdict.ACCEPT);
        assertThat(ipt.runTable("filter", Hook.FORWARD, skb(tcp("8.8.8.8", 1, "10.244.1.1", 2, 0), "eth1", "eth0"))).isEqualTo(Verdict.ACCEPT);
        assertThat(ipt.runTable("filter", Hook.FORWARD, skb(udp("8.8.8.8", 1, "10.244.1.1", 2), "eth1", "eth0"))).isEqualTo(Verdict.ACCEPT);
        assertThat(ipt.runTable("filter", Hook.FORWARD, skb(udp("8.8.8.8", 1, "10.244.1.1", 2), "eth1", "vxlan0"))).isEqualTo(Verdict.DROP);
        // "cali+" needs an interface: a packet without one does not match -i cali+ (nor its negation's absence)
        assertThat(ipt.runTable("filter", Hook.FORWARD, skb(tcp("8.8.8.8", 1, "10.244.1.1", 2, 0), null, "eth0"))).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void portsFlagsAndMultiport() {
        load("*filter\n-A INPUT -p tcp --tcp-flags SYN,ACK SYN --dport 22 -j DROP\n-A INPUT -p tcp -m multiport --dports 80,8000:8080 -j REJECT\n"
                + "-A INPUT -p udp -m multiport ! --sports 53,123 -j DROP\nCOMMIT\n");
        assertThat(ipt.runTable("filter", Hook.INPUT, syn("1.1.1.1", "2.2.2.2", 22))).isEqualTo(Verdict.DROP);
        assertThat(ipt.runTable("filter", Hook.INPUT, skb(tcp("1.1.1.1", 1, "2.2.2.2", 22, TcpHeader.SYN | TcpHeader.ACK)))).isEqualTo(Verdict.ACCEPT);
        assertThat(ipt.runTable("filter", Hook.INPUT, syn("1.1.1.1", "2.2.2.2", 8042))).isEqualTo(Verdict.DROP);
        assertThat(ipt.runTable("filter", Hook.INPUT, syn("1.1.1.1", "2.2.2.2", 8081))).isEqualTo(Verdict.ACCEPT);
        assertThat(ipt.runTable("filter", Hook.INPUT, skb(udp("1.1.1.1", 123, "2.2.2.2", 5000)))).isEqualTo(Verdict.ACCEPT);
        assertThat(ipt.runTable("filter", Hook.INPUT, skb(udp("1.1.1.1", 124, "2.2.2.2", 5000)))).isEqualTo(Verdict.DROP);
    }

    @Test
    void markMatchAndTargetMasks() {
        load("*nat\n:KUBE-MARK-MASQ - [0:0]\n:KUBE-POSTROUTING - [0:0]\n-A OUTPUT -p tcp --dport 80 -j KUBE-MARK-MASQ\n"
                + "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000\n-A POSTROUTING -j KUBE-POSTROUTING\n"
                + "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000\n"
                + "-A KUBE-POSTROUTING -j MASQUERADE --random-fully\nCOMMIT\n");
        SkBuff s = syn("10.0.0.1", "10.96.0.1", 80);
        s.mark(0x10001);
        ipt.runTable("nat", Hook.OUTPUT, s);
        assertThat(s.mark()).isEqualTo(0x14001);
        ipt.runTable("nat", Hook.POSTROUTING, s);
        assertThat(s.mark()).isEqualTo(0x10001);
        assertThat(env.calls).containsExactly("MASQUERADE NatRange[minAddress=0, maxAddress=0, minPort=0, maxPort=0, random=false, randomFully=true, persistent=false]");
        env.calls.clear();
        ipt.runTable("nat", Hook.POSTROUTING, syn("10.0.0.1", "10.96.0.1", 81));
        assertThat(env.calls).isEmpty();
    }

    @Test
    void addrtypeAsksTheAddressTypeFunction() {
        env.addressTypes.put(Ip4.parse("192.168.1.10"), RouteType.LOCAL);
        load("*nat\n:KUBE-NODEPORTS - [0:0]\n-A PREROUTING -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n"
                + "-A KUBE-NODEPORTS -p tcp --dport 30080 -j DNAT --to-destination 10.244.1.5:8080\n"
                + "-A PREROUTING -m addrtype ! --src-type UNICAST -j DNAT --to-destination 10.0.0.9\nCOMMIT\n");
        ipt.runTable("nat", Hook.PREROUTING, syn("8.8.8.8", "192.168.1.10", 30080));
        ipt.runTable("nat", Hook.PREROUTING, syn("8.8.8.8", "192.168.1.11", 30080));
        env.addressTypes.put(Ip4.parse("8.8.8.8"), RouteType.BROADCAST);
        ipt.runTable("nat", Hook.PREROUTING, syn("8.8.8.8", "192.168.1.11", 30080));
        assertThat(env.calls).containsExactly(
                "DST NatRange[minAddress=" + Ip4.parse("10.244.1.5") + ", maxAddress=" + Ip4.parse("10.244.1.5") + ", minPort=8080, maxPort=8080, random=false, randomFully=false, persistent=false]",
                "DST NatRange[minAddress=" + Ip4.parse("10.0.0.9") + ", maxAddress=" + Ip4.parse("10.0.0.9") + ", minPort=0, maxPort=0, random=false, randomFully=false, persistent=false]");
    }

    @Test
    void natTargetsPassTheirRangeAndStopTheTable() {
        load("*nat\n-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.3:80-90 --persistent\n-A PREROUTING -j DNAT --to-destination 9.9.9.9\n"
                + "-A POSTROUTING -j SNAT --to-source 192.168.0.1 --random\n-A OUTPUT -p tcp -j REDIRECT --to-ports 15001\nCOMMIT\n");
        SkBuff s = syn("1.1.1.1", "2.2.2.2", 5);
        assertThat(ipt.runTable("nat", Hook.PREROUTING, s)).isEqualTo(Verdict.ACCEPT);
        ipt.runTable("nat", Hook.POSTROUTING, s);
        ipt.runTable("nat", Hook.OUTPUT, s);
        assertThat(env.calls).containsExactly(
                "DST NatRange[minAddress=" + Ip4.parse("10.0.0.1") + ", maxAddress=" + Ip4.parse("10.0.0.3") + ", minPort=80, maxPort=90, random=false, randomFully=false, persistent=true]",
                "SRC NatRange[minAddress=" + Ip4.parse("192.168.0.1") + ", maxAddress=" + Ip4.parse("192.168.0.1") + ", minPort=0, maxPort=0, random=true, randomFully=false, persistent=false]",
                "DST NatRange[minAddress=" + Ip4.parse("127.0.0.1") + ", maxAddress=" + Ip4.parse("127.0.0.1") + ", minPort=15001, maxPort=15001, random=false, randomFully=false, persistent=false]");
        env.natVerdict = Verdict.DROP;
        assertThat(ipt.runTable("nat", Hook.PREROUTING, syn("1.1.1.1", "2.2.2.2", 5))).isEqualTo(Verdict.DROP);
    }

    @Test
    void rejectSendsTheAnswerAndDrops() {
        load("*filter\n-A INPUT -p tcp --dport 1 -j REJECT --reject-with tcp-reset\n-A INPUT -p tcp --dport 2 -j REJECT\n"
                + "-A INPUT -j REJECT --reject-with icmp-admin-prohibited\nCOMMIT\n");
        SkBuff a = syn("1.1.1.1", "2.2.2.2", 1);
        assertThat(ipt.runTable("filter", Hook.INPUT, a)).isEqualTo(Verdict.DROP);
        assertThat(a.rejected()).isTrue();
        assertThat(a.dropReason()).isEqualTo("REJECT --reject-with tcp-reset");
        ipt.runTable("filter", Hook.INPUT, syn("1.1.1.1", "2.2.2.2", 2));
        ipt.runTable("filter", Hook.INPUT, skb(udp("1.1.1.1", 1, "2.2.2.2", 2)));
        assertThat(env.calls).containsExactly("tcp-reset", "icmp 3/3", "icmp 3/13");
    }

    @Test
    void statisticRandomSplitsLikeKubeProxy() {
        load("*nat\n:SVC - [0:0]\n:E1 - [0:0]\n:E2 - [0:0]\n:E3 - [0:0]\n-A OUTPUT -j SVC\n"
                + "-A SVC -m statistic --mode random --probability 0.33333333349 -j E1\n"
                + "-A SVC -m statistic --mode random --probability 0.50000000000 -j E2\n-A SVC -j E3\n"
                + "-A E1 -j MARK --set-xmark 0x1/0xffffffff\n-A E1 -j ACCEPT\n-A E2 -j MARK --set-xmark 0x2/0xffffffff\n-A E2 -j ACCEPT\n"
                + "-A E3 -j MARK --set-xmark 0x3/0xffffffff\n-A E3 -j ACCEPT\nCOMMIT\n");
        int[] hits = new int[4];
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            SkBuff s = syn("10.0.0.1", "10.96.0.1", 80);
            ipt.runTable("nat", Hook.OUTPUT, s);
            hits[s.mark()]++;
        }
        for (int e = 1; e <= 3; e++) assertThat(hits[e]).isBetween(n / 3 - 450, n / 3 + 450);
        assertThat(hits[0]).isZero();
        // same seed, same choices: two fresh namespaces pick the same endpoints in the same order
        StringBuilder first = new StringBuilder(), second = new StringBuilder();
        for (StringBuilder out : new StringBuilder[] {first, second}) {
            Iptables fresh = new Iptables(new TestEnv());
            fresh.restore(ipt.save());
            for (int i = 0; i < 20; i++) {
                SkBuff s = syn("10.0.0.1", "10.96.0.1", 80);
                fresh.runTable("nat", Hook.OUTPUT, s);
                out.append(s.mark());
            }
        }
        assertThat(first.toString()).isEqualTo(second.toString()).containsPattern("1.*2|2.*1").contains("3");
    }

    @Test
    void statisticNthCountsFromPacket() {
        load("*mangle\n-A PREROUTING -m statistic --mode nth --every 3 -j MARK --set-xmark 0x1/0x1\n"
                + "-A OUTPUT -m statistic --mode nth --every 3 --packet 2 -j MARK --set-xmark 0x1/0x1\nCOMMIT\n");
        StringBuilder pre = new StringBuilder(), out = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            SkBuff a = syn("1.1.1.1", "2.2.2.2", 1), b = syn("1.1.1.1", "2.2.2.2", 1);
            ipt.runTable("mangle", Hook.PREROUTING, a);
            ipt.runTable("mangle", Hook.OUTPUT, b);
            pre.append(a.mark());
            out.append(b.mark());
        }
        assertThat(pre.toString()).isEqualTo("0010010");
        assertThat(out.toString()).isEqualTo("1001001");
    }

    @Test
    void recentAffinityWithSecondsAndReap() {
        load("*nat\n:SVC - [0:0]\n:SEP - [0:0]\n-A OUTPUT -j SVC\n"
                + "-A SVC -m recent --rcheck --seconds 10 --reap --name SEP --mask 255.255.255.255 --rsource -j SEP\n"
                + "-A SVC -j SEP\n-A SEP -p tcp -m recent --set --name SEP --mask 255.255.255.255 --rsource -j DNAT --to-destination 10.244.1.5:80\nCOMMIT\n");
        env.nanos = 1_000_000_000_000L;
        env.tracing = true;
        ipt.runTable("nat", Hook.OUTPUT, syn("10.0.0.7", "10.96.0.1", 80));
        RecentTable t = ipt.recentTable("SEP");
        assertThat(t.contains(Ip4.parse("10.0.0.7"))).isTrue();
        assertThat(env.steps.get(1)).isEqualTo(new Step.Rule("nat", "SVC", "rule", 2, "-j SEP", "jump SEP"));
        env.steps.clear();
        env.nanos += 9_000_000_000L;
        ipt.runTable("nat", Hook.OUTPUT, syn("10.0.0.7", "10.96.0.1", 80));
        assertThat(env.steps.get(1).text()).startsWith("nat:SVC:rule:1  -m recent --rcheck --seconds 10 --reap");
        assertThat(t.entries().get(Ip4.parse("10.0.0.7")).hits()).isEqualTo(2);
        // 11 s after the last --set: rcheck fails and --reap drops the stale entry
        env.steps.clear();
        env.nanos += 11_000_000_000L;
        SkBuff late = syn("10.0.0.8", "10.96.0.1", 80);
        ipt.runTable("nat", Hook.OUTPUT, syn("10.0.0.7", "10.96.0.1", 80));
        assertThat(env.steps.get(1).text()).startsWith("nat:SVC:rule:2");
        // --reap dropped the stale entry, the endpoint chain's --set started it afresh (jiffies at HZ 250 from INITIAL_JIFFIES)
        assertThat(t.render()).isEqualTo("src=10.0.0.7 ttl: 64 last_seen: 4295147296 oldest_pkt: 1 4295147296\n");
        assertThat(late.mark()).isZero();
        // the kernel keeps a list while any rule names it, and frees it when none does
        ipt.restore("*nat\nCOMMIT\n");
        assertThat(ipt.recentTable("SEP")).isNull();
    }

    @Test
    void recentReapDropsTheOldestStaleEntry() {
        load("*filter\n:X - [0:0]\n-A INPUT -p tcp --dport 1 -m recent --set --name L\n"
                + "-A INPUT -p tcp --dport 2 -m recent --rcheck --seconds 5 --reap --name L -j DROP\nCOMMIT\n");
        ipt.runTable("filter", Hook.INPUT, syn("10.0.0.1", "2.2.2.2", 1));
        env.nanos += 6_000_000_000L;
        ipt.runTable("filter", Hook.INPUT, syn("10.0.0.2", "2.2.2.2", 1));
        assertThat(ipt.runTable("filter", Hook.INPUT, syn("10.0.0.2", "2.2.2.2", 2))).isEqualTo(Verdict.DROP);
        assertThat(ipt.recentTable("L").contains(Ip4.parse("10.0.0.1"))).isFalse();
        assertThat(ipt.recentTable("L").contains(Ip4.parse("10.0.0.2"))).isTrue();
    }

    @Test
    void conntrackStatesWithoutAnEntry() {
        load("*raw\n-A PREROUTING -p udp --dport 4789 -j CT --notrack\nCOMMIT\n*filter\n-A INPUT -m conntrack --ctstate INVALID -j DROP\n"
                + "-A INPUT -m state --state UNTRACKED -j ACCEPT\n-A INPUT -j REJECT\nCOMMIT\n");
        SkBuff vxlan = skb(udp("192.168.0.2", 5555, "192.168.0.1", 4789));
        ipt.runTable("raw", Hook.PREROUTING, vxlan);
        assertThat(vxlan.untracked()).isTrue();
        assertThat(ipt.runTable("filter", Hook.INPUT, vxlan)).isEqualTo(Verdict.ACCEPT);
        assertThat(ipt.runTable("filter", Hook.INPUT, syn("1.1.1.1", "2.2.2.2", 1))).isEqualTo(Verdict.DROP);
    }

    @Test
    void logReportsAKernelStyleLineOnlyWhenTracing() {
        load("*filter\n-A INPUT -j LOG --log-prefix \"calico-drop: \"\nCOMMIT\n");
        ipt.runTable("filter", Hook.INPUT, skb(tcp("1.1.1.1", 40000, "2.2.2.2", 80, TcpHeader.SYN), "eth0", null));
        assertThat(env.steps).isEmpty();
        env.tracing = true;
        ipt.runTable("filter", Hook.INPUT, skb(tcp("1.1.1.1", 40000, "2.2.2.2", 80, TcpHeader.SYN), "eth0", null));
        assertThat(env.steps.get(1)).isEqualTo(new Step.Note("calico-drop: IN=eth0 OUT= SRC=1.1.1.1 DST=2.2.2.2 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF "
                + "PROTO=TCP SPT=40000 DPT=80 WINDOW=64240 RES=0x00 SYN URGP=0"));
    }

    @Test
    void tablesRegisterTheirHooksWhenFirstLoaded() {
        assertThat(env.registrations).isEmpty();
        load("*filter\nCOMMIT\n*nat\nCOMMIT\n*raw\nCOMMIT\n*mangle\nCOMMIT\n");
        assertThat(env.registrations).containsExactly(
                "INPUT 0 iptables filter", "FORWARD 0 iptables filter", "OUTPUT 0 iptables filter",
                "nat-fn PREROUTING -100 iptables nat", "nat-fn INPUT 100 iptables nat", "nat-fn OUTPUT -100 iptables nat", "nat-fn POSTROUTING 100 iptables nat",
                "PREROUTING -300 iptables raw", "OUTPUT -300 iptables raw",
                "PREROUTING -150 iptables mangle", "INPUT -150 iptables mangle", "FORWARD -150 iptables mangle", "OUTPUT -150 iptables mangle", "POSTROUTING -150 iptables mangle");
        // the NAT core calls the registered function, which runs the nat chain of that hook
        ipt.restore("test", "*nat\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n", true, false);
        assertThat(env.natFunctions.get(Hook.POSTROUTING).apply(syn("1.1.1.1", "2.2.2.2", 1), Hook.POSTROUTING)).isEqualTo(Verdict.ACCEPT);
        assertThat(env.calls).hasSize(1);
        // iptables-save lists the newest table first (x_tables list_add)
        assertThat(ipt.save().lines().filter(l -> l.startsWith("*"))).containsExactly("*mangle", "*raw", "*nat", "*filter");
    }

    @Test
    void singleCommandsEditTheLiveTable() {
        ipt.command("-t nat -N DOCKER");
        ipt.command("iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
        ipt.command("-t nat -I POSTROUTING 1 -o lo -j RETURN");
        ipt.command("-A INPUT -p tcp --dport 22 -j ACCEPT");
        ipt.command("-P INPUT DROP");
        assertThat(ipt.table("nat").chain("POSTROUTING").rules()).extracting(Rule::spec)
                .containsExactly("-o lo -j RETURN", "-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
        ipt.command("-t nat -D POSTROUTING -o lo -j RETURN");
        ipt.command("-t nat -X DOCKER");
        assertThat(ipt.save()).isEqualTo("""
                # Generated by iptables-save v1.8.9 on Thu Jan  1 00:00:00 1970
                *filter
                :INPUT DROP [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
                COMMIT
                # Completed on Thu Jan  1 00:00:00 1970
                # Generated by iptables-save v1.8.9 on Thu Jan  1 00:00:00 1970
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
                COMMIT
                # Completed on Thu Jan  1 00:00:00 1970
                """);
    }
}
