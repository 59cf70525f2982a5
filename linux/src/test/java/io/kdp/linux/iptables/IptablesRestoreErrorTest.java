package io.kdp.linux.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every rejected input names the file, the line and the word not understood. */
class IptablesRestoreErrorTest {
    private static IptablesParseException error(String text) {
        Iptables ipt = new Iptables(new TestEnv());
        try {
            ipt.restore("rules.txt", text, false, false);
        } catch (IptablesParseException e) {
            return e;
        }
        throw new AssertionError("accepted: " + text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-A X -p tcp --foo 1 -j ACCEPT | rules.txt:3: unknown option \"--foo\"",
        "-A X -m nosuch --x 1 | rules.txt:3: Couldn't load match `nosuch':No such file or directory",
        "-A X -j NOWHERE | rules.txt:3: Couldn't load target `NOWHERE':No such file or directory",
        "-A X -g ACCEPT | rules.txt:3: goto \"ACCEPT\" is not a chain",
        "-A X --dport 80 -j ACCEPT | rules.txt:3: unknown option \"--dport\"",
        "-A X -m tcp --dport 80 | rules.txt:3: tcp match: only valid for protocol 6 (use -p tcp)",
        "-A X -p udp -m tcp --dport 80 | rules.txt:3: tcp match: only valid for protocol 6 (use -p tcp)",
        "-A X -p tcp --dport 99999 | rules.txt:3: invalid port/service \"99999\" specified",
        "-A X -p tcp --dport 90:80 | rules.txt:3: invalid portrange (min > max)",
        "-A X -s 10.0.0.300 | rules.txt:3: host/network \"10.0.0.300\" not found",
        "-A X -s 10.0.0.0/33 | rules.txt:3: invalid mask \"33\" specified",
        "-A X -s 1.1.1.1 -s 2.2.2.2 | rules.txt:3: multiple -s flags not allowed",
        "-A X -p tcp --dport | rules.txt:3: option \"--dport\" requires an argument",
        "-A X -i averyveryverylongname0 | rules.txt:3: interface name \"averyveryverylongname0\" must be shorter than IFNAMSIZ (15)",
        "-A X -m comment --comment \"unterminated | rules.txt:3: unterminated quoted string",
        "-A X -m multiport --dports 1,2 | rules.txt:3: multiport can only apply to TCP, UDP, UDPLITE, SCTP and DCCP",
        "-A X -m statistic --mode random --probability 1.5 | rules.txt:3: --probability must be between 0 and 1",
        "-A X -m statistic --mode nth --every 2 --packet 2 | rules.txt:3: the --packet p must be 0 <= p <= n-1",
        "-A X -m recent --reap --rcheck | rules.txt:3: recent: --reap requires --seconds",
        "-A X -m recent --name A | rules.txt:3: recent: you must specify one of \"--set\", \"--rcheck\" \"--update\" or \"--remove\"",
        "-A X -m recent --set --seconds 5 | rules.txt:3: recent: --seconds and --hitcount only work with --rcheck or --update",
        "-A X -m recent --rcheck --hitcount 21 | rules.txt:3: recent: hitcount (21) is larger than allowed maximum (20)",
        "-A X -m mark --mark 0xzz | rules.txt:3: bad mark value \"0xzz\"",
        "-A X -m addrtype --dst-type LOCALISH | rules.txt:3: addrtype: bad type \"LOCALISH\"",
        "-A X -m conntrack --ctstate NEWISH | rules.txt:3: Bad ctstate \"NEWISH\"",
        "-A X -m state --state DNAT | rules.txt:3: Bad state \"DNAT\"",
        "-A X -p icmp --icmp-type bogus | rules.txt:3: Invalid ICMP type \"bogus\"",
        "-A X -j REJECT --reject-with icmp-bogus | rules.txt:3: unknown reject type \"icmp-bogus\"",
        "-A X -j REJECT --reject-with tcp-reset | rules.txt:3: REJECT: TCP_RESET invalid for non-tcp (use -p tcp)",
        "-A X -j MARK | rules.txt:3: MARK target: Parameter --set/and/or/xor-mark is required",
        "-A X -j LOG --log-prefix 123456789012345678901234567890 | rules.txt:3: Maximum prefix length 29 for --log-prefix",
        "-A X extra | rules.txt:3: Bad argument \"extra\"",
        "-A NOPE -j ACCEPT | rules.txt:3: chain `NOPE' in table `filter' does not exist: No chain/target/match by that name",
        "-Q X | rules.txt:3: unknown option \"-Q\"",
        "-A X ! ! -s 1.1.1.1 | rules.txt:3: multiple consecutive ! not allowed",
    })
    void ruleErrors(String line, String message) {
        IptablesParseException e = error("*filter\n:X - [0:0]\n" + line + "\nCOMMIT\n");
        assertThat(e).hasMessage(message);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.file()).isEqualTo("rules.txt");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*nat\\n-A PREROUTING -p tcp -j DNAT | rules.txt:2: You must specify --to-destination",
        "*nat\\n-A PREROUTING -j DNAT --to-destination 10.0.0.1:80 | rules.txt:2: Need TCP, UDP, SCTP or DCCP with port specification",
        "*bogus\\nCOMMIT | rules.txt:1: can't initialize iptables table `bogus': Table does not exist (do you need to insmod?)",
        "*filter\\n:INPUT MAYBE [0:0]\\nCOMMIT | rules.txt:2: Can't set policy `MAYBE' on `INPUT' line 2: Bad policy name",
        "*filter\\n:FOO ACCEPT [0:0]\\nCOMMIT | rules.txt:2: Can't set policy `ACCEPT' on `FOO' line 2: Bad built-in chain name",
        "*filter\\n:THIS-CHAIN-NAME-IS-MUCH-TOO-LONG - [0:0] | rules.txt:2: Invalid chain name `THIS-CHAIN-NAME-IS-MUCH-TOO-LONG' (28 chars max)",
        "*filter\\n:ACCEPT - [0:0] | rules.txt:2: Invalid chain name `ACCEPT'",
        "*filter\\n:INPUT ACCEPT [0:0] | rules.txt:2: COMMIT expected",
        "-A INPUT -j ACCEPT | rules.txt:1: no table specified (expected a \"*table\" line)",
        "*filter\\n*nat | rules.txt:2: COMMIT expected before \"*nat\"",
        "*filter\\n:X - [0:0]\\n-A X -j ACCEPT\\n-X X\\nCOMMIT | rules.txt:4: can't delete chain `X': Directory not empty",
        "*filter\\n:X - [0:0]\\n-A INPUT -j X\\n-X X\\nCOMMIT | rules.txt:4: can't delete chain `X': 1 rule(s) jump to it: Too many links",
        "*filter\\n-X INPUT\\nCOMMIT | rules.txt:2: can't delete built-in chain `INPUT'",
        "*filter\\n:X - [0:0]\\n-I X 3 -j ACCEPT | rules.txt:3: Index of insertion too big.",
        "*filter\\n:X - [0:0]\\n-D X -j ACCEPT | rules.txt:3: Bad rule (does a matching rule exist in that chain?).",
    })
    void fileErrors(String text, String message) {
        assertThat(error(text.replace("\\n", "\n") + "\n")).hasMessage(message);
    }

    @Test
    void loopsAreRefusedAtCommit() {
        IptablesParseException e = error("*filter\n:A - [0:0]\n:B - [0:0]\n:C - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j C\n-A C -p tcp -j A\nCOMMIT\n");
        assertThat(e).hasMessage("rules.txt:9: loop in chain jumps: A -> B -> C -> A: Too many levels of symbolic links");
    }

    @Test
    void selfJumpIsALoop() {
        assertThat(error("*filter\n:A - [0:0]\n-A A -j A\n-A OUTPUT -j A\nCOMMIT\n"))
                .hasMessage("rules.txt:5: loop in chain jumps: A -> A: Too many levels of symbolic links");
    }

    @Test
    void targetsAreCheckedAgainstTheHooksThatReachThem() {
        assertThat(error("*mangle\n:X - [0:0]\n-A PREROUTING -j X\n-A X -j REJECT\nCOMMIT\n"))
                .hasMessage("rules.txt:5: REJECT target: used from hooks PREROUTING, but only usable from INPUT/FORWARD/OUTPUT (chain X: -j REJECT --reject-with icmp-port-unreachable)");
        assertThat(error("*filter\n-A INPUT -j DNAT --to-destination 1.2.3.4\nCOMMIT\n"))
                .hasMessage("rules.txt:3: DNAT target: only valid in nat table, not filter (chain INPUT: -j DNAT --to-destination 1.2.3.4)");
        assertThat(error("*nat\n-A PREROUTING -j MASQUERADE\nCOMMIT\n"))
                .hasMessage("rules.txt:3: MASQUERADE target: used from hooks PREROUTING, but only usable from POSTROUTING (chain PREROUTING: -j MASQUERADE)");
        assertThat(error("*filter\n-A INPUT -j NOTRACK\nCOMMIT\n"))
                .hasMessage("rules.txt:3: NOTRACK target: only valid in raw table, not filter (chain INPUT: -j NOTRACK)");
        assertThat(error("*filter\n-A OUTPUT -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT\nCOMMIT\n"))
                .hasMessage("rules.txt:3: addrtype: input interface limitation not valid in POSTROUTING and OUTPUT (chain OUTPUT: -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT)");
    }

    @Test
    void aFailedTableLeavesEarlierCommittedTablesAndItselfUntouched() {
        Iptables ipt = new Iptables(new TestEnv());
        ipt.restore("*filter\n-A INPUT -j ACCEPT\nCOMMIT\n");
        assertThatThrownBy(() -> ipt.restore("r", "*nat\n-A OUTPUT -j ACCEPT\nCOMMIT\n*filter\n-A INPUT -j DROP\n-A INPUT -j BOGUS\nCOMMIT\n", false, false))
                .hasMessage("r:6: Couldn't load target `BOGUS':No such file or directory");
        assertThat(ipt.table("nat").chain("OUTPUT").rules()).hasSize(1);
        assertThat(ipt.table("filter").chain("INPUT").rules()).extracting(Rule::spec).containsExactly("-j ACCEPT");
    }

    @Test
    void singleCommandErrors() {
        Iptables ipt = new Iptables(new TestEnv());
        assertThatThrownBy(() -> ipt.command("-t nat -A POSTROUTING --bogus")).hasMessage("iptables:1: unknown option \"--bogus\"");
    }
}
