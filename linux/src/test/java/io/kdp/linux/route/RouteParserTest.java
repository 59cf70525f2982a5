package io.kdp.linux.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.RouteType;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RouteParserTest {

    @Test
    void cniRouteLinesRoundTrip() throws IOException {
        String text = RealIpRouteScenarioTest.resource("cni-routes.txt");
        StringBuilder printed = new StringBuilder();
        for (String line : text.split("\n")) {
            Route r = RouteParser.parseShowLine(line);
            printed.append(RoutePrinter.format(r, true)).append('\n');
            assertThat(RouteParser.parseShowLine(RoutePrinter.format(r, true))).isEqualTo(r);
        }
        assertThat(printed.toString()).isEqualTo(text);
    }

    @Test
    void showLineFieldsAreRead() {
        Route r = RouteParser.parseShowLine("10.244.31.0/26 via 192.168.1.12 dev tunl0 proto bird onlink");
        assertThat(r).isEqualTo(new Route(RouteType.UNICAST, Cidr.parse("10.244.31.0/26"), Ip4.parse("192.168.1.12"), "tunl0",
            true, RtNames.SCOPE_UNIVERSE, RtNames.PROTO_BIRD, 0, 0, RtNames.TABLE_MAIN, 0));
        Route local = RouteParser.parseShowLine("local 10.96.0.10 dev kube-ipvs0 table local proto kernel scope host src 10.96.0.10");
        assertThat(local.type()).isEqualTo(RouteType.LOCAL);
        assertThat(local.table()).isEqualTo(255);
        assertThat(local.scope()).isEqualTo(RtNames.SCOPE_HOST);
        assertThat(local.prefsrc()).isEqualTo(Ip4.parse("10.96.0.10"));
        assertThat(local.dst()).isEqualTo(Cidr.parse("10.96.0.10/32"));
        // `ip route show table local` lines do not name the table.
        assertThat(RouteParser.parseShowLine("local 10.0.0.5 dev eth0 proto kernel scope host src 10.0.0.5", 255).table()).isEqualTo(255);
        assertThat(RouteParser.parseShowLine("default via 172.18.0.1 dev eth0").dst()).isEqualTo(Route.DEFAULT);
    }

    @Test
    void addFillsInIproute2Defaults() {
        assertThat(RouteParser.parseAdd("10.244.1.5 dev cali123")).isEqualTo(Route.direct(Cidr.parse("10.244.1.5/32"), "cali123"));
        assertThat(RouteParser.parseAdd("default via 172.18.0.1")).isEqualTo(Route.via(Route.DEFAULT, Ip4.parse("172.18.0.1"), null));
        assertThat(RouteParser.parseAdd("blackhole 10.244.2.0/26 proto bird"))
            .isEqualTo(Route.reject(RouteType.BLACKHOLE, Cidr.parse("10.244.2.0/26")).withProtocol(RtNames.PROTO_BIRD));
        Route local = RouteParser.parseAdd("local 10.96.0.1 dev kube-ipvs0");
        assertThat(local.table()).isEqualTo(RtNames.TABLE_LOCAL);
        assertThat(local.scope()).isEqualTo(RtNames.SCOPE_HOST);
        assertThat(RouteParser.parseAdd("broadcast 10.0.0.255 dev eth0").scope()).isEqualTo(RtNames.SCOPE_LINK);
        assertThat(RouteParser.parseAdd("to 10.1.0.0/16 dev eth0 table 7 preference 9").metric()).isEqualTo(9);
        assertThat(RouteParser.parseAdd("10.1.0.0/16 dev eth0 table 7").table()).isEqualTo(7);
        assertThat(RouteParser.parse("10.1.0.0/16 dev eth0")).isEqualTo(RouteParser.parseAdd("10.1.0.0/16 dev eth0"));
    }

    @Test
    void deleteSelectorLeavesUnsaidFieldsOpen() {
        Route sel = RouteParser.parseDelete("10.2.0.0/16");
        assertThat(sel.type()).isEqualTo(RouteType.UNSPEC);
        assertThat(sel.scope()).isEqualTo(RtNames.SCOPE_NOWHERE);
        assertThat(sel.protocol()).isZero();
        assertThat(RouteParser.parseDelete("blackhole 10.2.0.0/16 proto bird").type()).isEqualTo(RouteType.BLACKHOLE);
    }

    @Test
    void errorsAreIproute2sAndNameTheWord() {
        assertThatThrownBy(() -> RouteParser.parseAdd("10.0.0.0/8 foo"))
            .isInstanceOf(RouteSyntaxException.class).hasMessage("Error: either \"to\" is duplicate, or \"foo\" is a garbage.");
        assertThatThrownBy(() -> RouteParser.parseAdd("10.0.0.300/8 dev d0"))
            .hasMessage("Error: any valid prefix is expected rather than \"10.0.0.300/8\".");
        assertThatThrownBy(() -> RouteParser.parseAdd("bogus 10.31.0.0/16 dev d0"))
            .hasMessage("Error: any valid prefix is expected rather than \"bogus\".");
        assertThatThrownBy(() -> RouteParser.parseAdd("10.30.0.1/16 dev d0"))
            .isInstanceOf(RtnetlinkException.class).hasMessage("Error: Invalid prefix for given prefix length.");
        assertThatThrownBy(() -> RouteParser.parseAdd("10.31.0.0/16 dev d0 metric x"))
            .hasMessage("Error: argument \"x\" is wrong: \"metric\" value is invalid");
        assertThatThrownBy(() -> RouteParser.parseAdd("10.31.0.0/16 dev d0 proto nosuch"))
            .hasMessage("Error: argument \"nosuch\" is wrong: \"protocol\" value is invalid");
        assertThatThrownBy(() -> RouteParser.parseAdd("10.31.0.0/16 dev d0 table nosuch"))
            .hasMessage("Error: argument \"nosuch\" is wrong: \"table\" value is invalid");
        assertThatThrownBy(() -> RouteParser.parseAdd("10.31.0.0/16 dev d0 scope nosuch"))
            .hasMessage("Error: argument \"nosuch\" is wrong: invalid \"scope\" value");
        assertThatThrownBy(() -> RouteParser.parseAdd("10.60.0.0/16 via 10.0.0.x"))
            .hasMessage("Error: inet address is expected rather than \"10.0.0.x\".");
        assertThatThrownBy(() -> RouteParser.parseAdd("10.60.0.0/16 dev d0 mtu x"))
            .hasMessage("Error: argument \"x\" is wrong: \"mtu\" value is invalid");
        assertThatThrownBy(() -> RouteParser.parseAdd("10.60.0.0/16 dev"))
            .hasMessage("Command line is not complete. Try option \"help\"");
        assertThatThrownBy(() -> RouteParser.parseAdd("dev d0")).hasMessage(RouteParser.USAGE);
        assertThatThrownBy(() -> RouteParser.parseShowLine("fe80::/64 dev eth0 proto kernel metric 256 pref medium"))
            .hasMessage("Error: any valid prefix is expected rather than \"fe80::/64\".");
        assertThatThrownBy(() -> RouteParser.parseShowLine("10.0.0.0/24 dev eth0 linkdown"))
            .hasMessage("Error: either \"to\" is duplicate, or \"linkdown\" is a garbage.");
    }

    @Test
    void printerOmitsDefaultsAndShowsTableOnlyForTableAll() {
        Route r = RouteParser.parseShowLine("10.3.0.0/16 dev d0 table 1000 proto dhcp scope link metric 5");
        assertThat(RoutePrinter.format(r, true)).isEqualTo("10.3.0.0/16 dev d0 table 1000 proto dhcp scope link metric 5 ");
        assertThat(RoutePrinter.format(r, false)).isEqualTo("10.3.0.0/16 dev d0 proto dhcp scope link metric 5 ");
        assertThat(RoutePrinter.format(Route.via(Route.DEFAULT, Ip4.parse("10.0.0.1"), "eth0"), false)).isEqualTo("default via 10.0.0.1 dev eth0 ");
        assertThat(RoutePrinter.format(Route.reject(RouteType.THROW, Cidr.parse("0.0.0.0/8")), false)).isEqualTo("throw 0.0.0.0/8 ");
        assertThat(RoutePrinter.format(Route.direct(Cidr.parse("10.0.0.0/24"), "eth0").withProtocol(77).withScope(100), false))
            .isEqualTo("10.0.0.0/24 dev eth0 proto 77 scope 100 ");
    }
}
