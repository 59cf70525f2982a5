package io.kdp.linux.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.SkBuff;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every match and target parses and prints back as iptables-save v1.8.9 prints it. */
class IptablesSyntaxTest {
    static final IpSetLookup SETS = new IpSetLookup() {
        @Override
        public boolean exists(String name) {
            return !name.equals("missing");
        }

        @Override
        public boolean test(String name, SkBuff skb, int dimensions, int srcFlags) {
            return false;
        }
    };

    /** Loads one rule into a user chain of {@code table} and returns its saved form. */
    static String saved(String table, String rule) {
        Iptables ipt = new Iptables(new TestEnv());
        ipt.ipsets(SETS);
        ipt.restore("test", "*" + table + "\n:X - [0:0]\n:Y - [0:0]\n-A X " + rule + "\nCOMMIT\n", false, false);
        return ipt.table(table).chain("X").rules().get(0).spec();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // IP part: masks, negation, canonical order -s -d -i -o -p
        "-s 10.0.0.0/8 -j ACCEPT | -s 10.0.0.0/8 -j ACCEPT",
        "-s 10.1.2.3/8 -j ACCEPT | -s 10.0.0.0/8 -j ACCEPT",
        "-d 1.2.3.4 -j DROP | -d 1.2.3.4/32 -j DROP",
        "-s 10.0.0.0/255.0.255.0 | -s 10.0.0.0/255.0.255.0",
        "-p tcp ! -s 10.244.0.0/16 -d 10.96.0.1/32 | ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp",
        "-o eth0 -i cali+ | -i cali+ -o eth0",
        "! -i lo ! -o docker0 | ! -i lo ! -o docker0",
        "-i + -j ACCEPT | -j ACCEPT",
        "-p all -s 0.0.0.0/0 -j ACCEPT | -j ACCEPT",
        "! -p udp | ! -p udp",
        "-p 4 | -p ipencap",
        "-p sctp -m sctp --dport 80 | -p sctp -m sctp --dport 80",
        "-p icmp | -p icmp",
        // tcp / udp, implicit load, ranges, negation, flags
        "-p tcp --dport 80 | -p tcp -m tcp --dport 80",
        "-p tcp -m tcp --sport 1024:65535 ! --dport 22 | -p tcp -m tcp --sport 1024:65535 ! --dport 22",
        "-p udp -m udp --dport 53: | -p udp -m udp --dport 53:65535",
        "-p udp --sport :1023 | -p udp -m udp --sport 0:1023",
        "-p tcp -m tcp | -p tcp -m tcp",
        "-p tcp --syn | -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN",
        "-p tcp ! --syn | -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN",
        "-p tcp --tcp-flags ALL NONE | -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE",
        "-p tcp -m tcp --dport 443 --tcp-flags SYN,RST SYN | -p tcp -m tcp --dport 443 --tcp-flags SYN,RST SYN",
        // multiport
        "-p tcp -m multiport --dports 80,443,8000:8080 | -p tcp -m multiport --dports 80,443,8000:8080",
        "-p udp -m multiport ! --sports 53 | -p udp -m multiport ! --sports 53",
        "-p tcp -m multiport --ports 22 | -p tcp -m multiport --ports 22",
        // comment quoting (xtables_save_string)
        "-m comment --comment plain_word-1 | -m comment --comment plain_word-1",
        "-m comment --comment \"kubernetes service portals\" | -m comment --comment \"kubernetes service portals\"",
        "-m comment --comment cali:6gwbT8clXdHdC1b1 | -m comment --comment \"cali:6gwbT8clXdHdC1b1\"",
        "-m comment --comment \"say \\\"hi\\\" it's\" | -m comment --comment \"say \\\"hi\\\" it\\'s\"",
        "-m comment --comment a -m comment --comment b | -m comment --comment a -m comment --comment b",
        // addrtype
        "-m addrtype --dst-type LOCAL | -m addrtype --dst-type LOCAL",
        "-m addrtype ! --src-type local,broadcast --dst-type MULTICAST --limit-iface-in | -m addrtype ! --src-type LOCAL,BROADCAST --dst-type MULTICAST --limit-iface-in",
        // mark
        "-m mark --mark 0x4000/0x4000 | -m mark --mark 0x4000/0x4000",
        "-m mark ! --mark 16384 | -m mark ! --mark 0x4000",
        "-m mark --mark 0x0/0xf0000 | -m mark --mark 0x0/0xf0000",
        // conntrack / state
        "-m conntrack --ctstate ESTABLISHED,RELATED | -m conntrack --ctstate RELATED,ESTABLISHED",
        "-m conntrack ! --ctstate DNAT,RELATED,ESTABLISHED | -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT",
        "-m conntrack --ctstate INVALID,NEW,UNTRACKED,SNAT | -m conntrack --ctstate INVALID,NEW,UNTRACKED,SNAT",
        "-m conntrack --ctorigdst 10.96.0.10 --ctorigdstport 53 | -m conntrack --ctorigdst 10.96.0.10 --ctorigdstport 53",
        "-m conntrack ! --ctorigdst 10.96.0.0/12 --ctorigdstport 80:90 | -m conntrack ! --ctorigdst 10.96.0.0/12 --ctorigdstport 80:90",
        "-m state --state NEW,ESTABLISHED | -m state --state NEW,ESTABLISHED",
        // statistic: probabilities as a 31-bit fraction printed %.11f
        "-m statistic --mode random --probability 0.3333333333 | -m statistic --mode random --probability 0.33333333349",
        "-m statistic --mode random --probability 0.33333333349 | -m statistic --mode random --probability 0.33333333349",
        "-m statistic --mode random --probability 0.5 | -m statistic --mode random --probability 0.50000000000",
        "-m statistic --mode random --probability 0.2 | -m statistic --mode random --probability 0.20000000019",
        "-m statistic --mode random --probability 0.33333 | -m statistic --mode random --probability 0.33332999982",
        "-m statistic --mode random --probability 0.000244140625 | -m statistic --mode random --probability 0.00024414062",
        "-m statistic --mode random ! --probability 0.25 | -m statistic --mode random ! --probability 0.25000000000",
        "-m statistic --mode nth --every 3 | -m statistic --mode nth --every 3",
        "-m statistic --mode nth --every 3 --packet 2 | -m statistic --mode nth --every 3 --packet 2",
        // recent: mask always printed, rsource default
        "-m recent --set --name KUBE-SEP-X | -m recent --set --name KUBE-SEP-X --mask 255.255.255.255 --rsource",
        "-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource | -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource",
        "-m recent ! --update --hitcount 3 --rttl --rdest --mask 255.255.255.0 | -m recent ! --update --hitcount 3 --rttl --name DEFAULT --mask 255.255.255.0 --rdest",
        "-m recent --remove | -m recent --remove --name DEFAULT --mask 255.255.255.255 --rsource",
        // set
        "-m set --match-set cali40all-hosts-net src | -m set --match-set cali40all-hosts-net src",
        "-m set ! --match-set KUBE-LOOP-BACK dst,dst,src | -m set ! --match-set KUBE-LOOP-BACK dst,dst,src",
        // icmp
        "-p icmp -m icmp --icmp-type echo-request | -p icmp -m icmp --icmp-type 8",
        "-p icmp --icmp-type 3/4 | -p icmp -m icmp --icmp-type 3/4",
        "-p icmp -m icmp ! --icmp-type port-unreachable | -p icmp -m icmp ! --icmp-type 3/3",
        "-p icmp -m icmp --icmp-type any | -p icmp -m icmp --icmp-type any",
        // jumps
        "-j Y | -j Y",
        "-g Y | -g Y",
        "-j RETURN | -j RETURN",
        "-p tcp | -p tcp",
        // filter targets
        "-j REJECT | -j REJECT --reject-with icmp-port-unreachable",
        "-j REJECT --reject-with host-prohib | -j REJECT --reject-with icmp-host-prohibited",
        "-p tcp -j REJECT --reject-with tcp-reset | -p tcp -j REJECT --reject-with tcp-reset",
        "-j REJECT --reject-with icmp-admin-prohibited | -j REJECT --reject-with icmp-admin-prohibited",
        // MARK: always --set-xmark value/mask
        "-j MARK --or-mark 0x4000 | -j MARK --set-xmark 0x4000/0x4000",
        "-j MARK --xor-mark 0x4000 | -j MARK --set-xmark 0x4000/0x0",
        "-j MARK --and-mark 0xffff0000 | -j MARK --set-xmark 0x0/0xffff",
        "-j MARK --set-mark 0x1 | -j MARK --set-xmark 0x1/0xffffffff",
        "-j MARK --set-mark 0x10000/0x10000 | -j MARK --set-xmark 0x10000/0x10000",
        "-j MARK --set-xmark 0x40000 | -j MARK --set-xmark 0x40000/0xffffffff",
        // CONNMARK
        "-j CONNMARK --save-mark | -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff",
        "-j CONNMARK --restore-mark --mask 0xff | -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff",
        "-j CONNMARK --set-mark 0x1/0x3 | -j CONNMARK --set-xmark 0x1/0x3",
        // LOG
        "-j LOG --log-prefix \"calico-drop: \" --log-level 5 | -j LOG --log-prefix \"calico-drop: \" --log-level 5",
        "-j LOG --log-prefix DROPPED --log-level warning --log-uid | -j LOG --log-prefix DROPPED --log-uid",
        "-j LOG | -j LOG",
    })
    void filterAndMangle(String rule, String expected) {
        assertThat(saved(rule.contains("MARK") || rule.contains("CONNMARK") ? "mangle" : "filter", rule)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-p tcp -j DNAT --to-destination 10.244.1.5:8080 | -p tcp -j DNAT --to-destination 10.244.1.5:8080",
        "-j DNAT --to-destination 10.0.0.1 | -j DNAT --to-destination 10.0.0.1",
        "-p udp -j DNAT --to-destination 10.0.0.1-10.0.0.9:1000-2000 --random --persistent | -p udp -j DNAT --to-destination 10.0.0.1-10.0.0.9:1000-2000 --random --persistent",
        "-p tcp -j DNAT --to-destination :8080 | -p tcp -j DNAT --to-destination :8080",
        "-j SNAT --to-source 192.168.0.1 --random-fully | -j SNAT --to-source 192.168.0.1 --random-fully",
        "-p tcp -j SNAT --to-source 192.168.0.1:1024-2048 --persistent --random | -p tcp -j SNAT --to-source 192.168.0.1:1024-2048 --random --persistent",
        "-j MASQUERADE | -j MASQUERADE",
        "-j MASQUERADE --random-fully | -j MASQUERADE --random-fully",
        "-p tcp -j MASQUERADE --to-ports 1024-65535 --random | -p tcp -j MASQUERADE --to-ports 1024-65535 --random",
        "-p tcp -j REDIRECT --to-ports 15001 | -p tcp -j REDIRECT --to-ports 15001",
    })
    void natTargets(String rule, String expected) {
        assertThat(saved("nat", rule)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-j NOTRACK | -j NOTRACK",
        "-j CT --notrack | -j CT --notrack",
        "-j TRACE | -j TRACE",
        "-p udp --dport 4789 -j NOTRACK | -p udp -m udp --dport 4789 -j NOTRACK",
    })
    void rawTargets(String rule, String expected) {
        assertThat(saved("raw", rule)).isEqualTo(expected);
    }

    @Test
    void savedTextParsesBackToItself() {
        String[] rules = {
            "! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment \"default/kubernetes:https cluster IP\" -m tcp --dport 443 -j Y",
            "-p tcp -m comment --comment \"default/sticky:http\" -m recent --set --name KUBE-SEP-R --mask 255.255.255.255 --rsource -m tcp -j ACCEPT",
            "-m statistic --mode random --probability 0.33333333349 -j Y",
        };
        for (String r : rules) {
            String once = saved("filter", r);
            assertThat(once).isEqualTo(r);
            assertThat(saved("filter", once)).isEqualTo(once);
        }
    }

    @Test
    void statisticStoresTheProbabilityAsA31BitFraction() {
        Iptables ipt = new Iptables(new TestEnv());
        ipt.restore("*filter\n:X - [0:0]\n-A X -m statistic --mode random --probability 0.5\nCOMMIT\n");
        StatisticMatch m = (StatisticMatch) ipt.table("filter").chain("X").rules().get(0).matches().get(0);
        assertThat(m.probabilityFraction()).isEqualTo(0x4000_0000);
    }

    @Test
    void missingSetIsRefused() {
        Iptables ipt = new Iptables(new TestEnv());
        assertThatThrownBy(() -> ipt.restore("f", "*filter\n:X - [0:0]\n-A X -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT\nCOMMIT\n", false, false))
                .isInstanceOf(IptablesParseException.class)
                .hasMessage("f:3: Set KUBE-CLUSTER-IP doesn't exist.");
    }
}
