package io.kdp.linux.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.RouteType;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import org.junit.jupiter.api.Test;

class FibTest {

    static Fib node() {
        Fib fib = new Fib();
        fib.addKernelRoutes(KernelRoutes.loopbackRoutes());
        fib.addKernelRoutes(KernelRoutes.kernelRoutesForAddress(Cidr.parse("192.168.1.10/24"), "eth0"));
        fib.addRoute(RouteParser.parseAdd("default via 192.168.1.1 dev eth0"));
        return fib;
    }

    @Test
    void defaultRulesAndLocalBeforeMain() {
        Fib fib = node();
        assertThat(fib.showRules()).isEqualTo("0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n");
        assertThat(fib.lookup(Ip4.parse("192.168.1.10")).type()).isEqualTo(RouteType.LOCAL);
        assertThat(fib.lookup(Ip4.parse("127.3.4.5")).type()).isEqualTo(RouteType.LOCAL);
        assertThat(fib.lookup(Ip4.parse("192.168.1.255")).type()).isEqualTo(RouteType.BROADCAST);
        Route onLink = fib.lookup(Ip4.parse("192.168.1.20"));
        assertThat(RoutePrinter.format(onLink, false)).isEqualTo("192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10 ");
        assertThat(onLink.nextHop(Ip4.parse("192.168.1.20"))).isEqualTo(Ip4.parse("192.168.1.20"));
        Route dflt = fib.lookup(Ip4.parse("8.8.8.8"));
        assertThat(dflt.nextHop(Ip4.parse("8.8.8.8"))).isEqualTo(Ip4.parse("192.168.1.1"));
        assertThat(fib.addressType(Ip4.parse("192.168.1.10"))).isEqualTo(RouteType.LOCAL);
        assertThat(fib.addressType(Ip4.parse("192.168.1.255"))).isEqualTo(RouteType.BROADCAST);
        assertThat(fib.addressType(Ip4.parse("8.8.8.8"))).isEqualTo(RouteType.UNICAST);
        assertThat(fib.addressType(Ip4.parse("224.0.0.1"))).isEqualTo(RouteType.MULTICAST);
        assertThat(fib.addressType(-1)).isEqualTo(RouteType.BROADCAST);
    }

    @Test
    void ciliumStyleFwmarkRuleSendsMarkedPacketsToItsTable() {
        Fib fib = node();
        fib.addRule(FibRuleParser.parseAdd("fwmark 0xa00/0xf00 lookup 2004 pref 9"));
        fib.addRoute(RouteParser.parseAdd("local default dev lo table 2004"));
        int dst = Ip4.parse("8.8.8.8");
        assertThat(fib.lookup(dst, 0, 0xa00, "eth0", null).type()).isEqualTo(RouteType.LOCAL);
        assertThat(fib.lookup(dst, 0, 0x1a00, "eth0", null).table()).isEqualTo(2004);
        assertThat(fib.lookup(dst, 0, 0xb00, "eth0", null).table()).isEqualTo(RtNames.TABLE_MAIN);
        assertThat(fib.lookup(dst, 0, 0, "eth0", null).type()).isEqualTo(RouteType.UNICAST);
    }

    @Test
    void missesAndThrowFallThroughToTheNextRule() {
        Fib fib = node();
        fib.addRule(FibRule.lookup(100, 100));
        fib.addRoute(RouteParser.parseAdd("throw 10.6.0.0/16 table 100"));
        fib.addRoute(RouteParser.parseAdd("10.0.0.0/8 via 192.168.1.2 table 100"));
        assertThat(fib.lookup(Ip4.parse("10.1.1.1")).table()).isEqualTo(100);
        Route thrown = fib.lookup(Ip4.parse("10.6.1.1"));
        assertThat(thrown.table()).isEqualTo(RtNames.TABLE_MAIN);
        assertThat(thrown.isDefault()).isTrue();
        fib.deleteRoute(RouteParser.parseDelete("default"));
        assertThat(fib.lookup(Ip4.parse("10.6.1.1"))).isNull();
        assertThat(fib.lookup(Ip4.parse("8.8.8.8"))).isNull();
        // a rule pointing at a table that does not exist just passes on
        fib.addRule(FibRule.lookup(50, 4242));
        assertThat(fib.lookup(Ip4.parse("10.1.1.1")).table()).isEqualTo(100);
    }

    @Test
    void rejectRulesAndSelectors() {
        Fib fib = node();
        fib.addRule(FibRuleParser.parseAdd("from 10.0.0.0/8 to 8.8.0.0/16 prohibit pref 10"));
        fib.addRule(FibRuleParser.parseAdd("iif cali1 blackhole pref 11"));
        fib.addRule(FibRuleParser.parseAdd("oif eth9 unreachable pref 12"));
        int dst = Ip4.parse("8.8.8.8");
        assertThat(fib.lookup(dst, Ip4.parse("10.1.2.3"), 0, "eth0", null)).isSameAs(Fib.RULE_PROHIBIT);
        assertThat(fib.lookup(dst, Ip4.parse("11.1.2.3"), 0, "eth0", null).type()).isEqualTo(RouteType.UNICAST);
        assertThat(fib.lookup(dst, 0, 0, "cali1", null)).isSameAs(Fib.RULE_BLACKHOLE);
        assertThat(fib.lookup(dst, 0, 0, "lo", "eth9")).isSameAs(Fib.RULE_UNREACHABLE);
        assertThat(fib.lookup(dst, 0, 0, "lo", "eth0").dev()).isEqualTo("eth0");
    }

    @Test
    void rulePreferencesDefaultLikeTheKernel() {
        Fib fib = new Fib();
        assertThat(fib.addRule(FibRule.fwmark(-1, 0x80000, 0x80000, 250)).pref()).isEqualTo(32765);
        assertThat(fib.addRule(FibRule.lookup(-1, 7)).pref()).isEqualTo(32764);
        assertThat(fib.rules()).extracting(FibRule::toString).containsExactly("0:\tfrom all lookup local",
            "32764:\tfrom all lookup 7", "32765:\tfrom all fwmark 0x80000/0x80000 lookup 250", "32766:\tfrom all lookup main",
            "32767:\tfrom all lookup default");
        fib.deleteRule(32764);
        assertThatThrownBy(() -> fib.deleteRule(32764)).isInstanceOf(RtnetlinkException.class)
            .hasMessage("RTNETLINK answers: No such file or directory");
    }

    @Test
    void nexthopChecks() {
        Fib fib = node();
        assertThat(fib.addRoute(RouteParser.parseAdd("10.244.2.0/24 via 192.168.1.13")).dev()).isEqualTo("eth0");
        assertThatThrownBy(() -> fib.addRoute(RouteParser.parseAdd("10.244.3.0/24 via 10.9.9.9")))
            .isInstanceOf(RtnetlinkException.class).hasMessage("Error: Nexthop has invalid gateway.");
        assertThatThrownBy(() -> fib.addRoute(RouteParser.parseAdd("10.244.3.0/24 via 192.168.1.13 dev tunl0")))
            .hasMessage("Error: Nexthop has invalid gateway.");
        assertThatThrownBy(() -> fib.addRoute(RouteParser.parseAdd("10.244.3.0/24 via 192.168.1.13 onlink")))
            .hasMessage("Error: Nexthop device required for onlink.");
        assertThatThrownBy(() -> fib.addRoute(RouteParser.parseAdd("10.244.3.0/24 via 192.168.1.255 dev eth0 onlink")))
            .hasMessage("Error: Nexthop has invalid gateway.");
        assertThatThrownBy(() -> fib.addRoute(RouteParser.parseAdd("10.244.3.0/24"))).hasMessage("RTNETLINK answers: No such device");
        // Calico IPIP: the remote node is not on a connected prefix, onlink makes it acceptable.
        Route r = fib.addRoute(RouteParser.parseAdd("10.244.3.0/26 via 172.31.0.7 dev tunl0 proto bird onlink"));
        assertThat(RoutePrinter.format(r, false)).isEqualTo("10.244.3.0/26 via 172.31.0.7 dev tunl0 proto bird onlink ");
        assertThat(fib.lookup(Ip4.parse("10.244.3.9"))).isSameAs(r);
        assertThatThrownBy(() -> fib.deleteRoute(RouteParser.parseDelete("10.9.0.0/16 table 77")))
            .hasMessage("RTNETLINK answers: No such process");
        assertThat(fib.deleteDevice("tunl0")).isEqualTo(1);
    }

    @Test
    void tablesAreListedInHashBucketOrder() {
        Fib fib = new Fib();
        fib.table(1000);
        fib.table(100);
        fib.table(2004);
        fib.table(7);
        assertThat(fib.tables()).extracting(RoutingTable::id).containsExactly(7, 100, 2004, 1000, 253, 254, 255);
    }
}
