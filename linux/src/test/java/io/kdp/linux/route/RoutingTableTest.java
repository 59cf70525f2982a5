package io.kdp.linux.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.RouteType;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    static Route route(String line) {
        return RouteParser.parseShowLine(line);
    }

    /** A route drawn from a small address space so that prefixes nest and collide often. */
    @Provide
    Arbitrary<List<Route>> routeSets() {
        Arbitrary<Route> one = Combinators.combine(
                Arbitraries.integers().between(0, 32),
                Arbitraries.integers().between(0, 15),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 20))
            .as((len, hi, metric, dev) -> {
                int addr = (10 << 24) | (hi << 20) | (dev * 0x1357);
                if (len < 8) addr = hi << 28;
                return Route.direct(new Cidr(addr & Ip4.mask(len), len), "d" + dev).withMetric(metric);
            });
        return one.list().ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<Integer>> addresses() {
        Arbitrary<Integer> a = Combinators.combine(Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 0xff), Arbitraries.integers().between(0, 15))
            .as((hi, dev, low, top) -> (top == 0 ? hi << 28 : (10 << 24) | (hi << 20) | (dev * 0x1357)) ^ low);
        return a.list().ofSize(50);
    }

    /** Reference: the longest matching prefix, then the lowest metric, then the first inserted. */
    static Route bruteForce(List<Route> inserted, int ip) {
        Route best = null;
        for (Route r : inserted) {
            if (!r.matches(ip)) continue;
            if (best == null || r.dst().prefixLength() > best.dst().prefixLength()
                || (r.dst().prefixLength() == best.dst().prefixLength() && Integer.compareUnsigned(r.metric(), best.metric()) < 0)) {
                best = r;
            }
        }
        return best;
    }

    @Property(tries = 200)
    void longestPrefixMatchAgreesWithBruteForce(@ForAll("routeSets") List<Route> routes, @ForAll("addresses") List<Integer> ips) {
        RoutingTable t = new RoutingTable(RtNames.TABLE_MAIN);
        List<Route> inserted = new ArrayList<>();
        for (Route r : routes) {
            try {
                t.add(r);
                inserted.add(r);
            } catch (RtnetlinkException e) {
                assertThat(e).hasMessage("RTNETLINK answers: File exists");
                assertThat(inserted).anyMatch(x -> x.dst().equals(r.dst()) && x.metric() == r.metric());
            }
        }
        assertThat(t.size()).isEqualTo(inserted.size());
        for (int ip : ips) assertThat(t.lookup(ip)).as(Ip4.format(ip)).isSameAs(bruteForce(inserted, ip));
        for (Route r : inserted) assertThat(t.lookup(r.dst().network())).isSameAs(bruteForce(inserted, r.dst().network()));
        // Deleting half of them keeps the structure consistent.
        for (int i = 0; i < inserted.size(); i += 2) t.delete(inserted.get(i));
        List<Route> left = new ArrayList<>();
        for (int i = 1; i < inserted.size(); i += 2) left.add(inserted.get(i));
        for (int ip : ips) assertThat(t.lookup(ip)).isSameAs(bruteForce(left, ip));
        assertThat(t.routes()).containsExactlyInAnyOrderElementsOf(left);
    }

    @Test
    void samePrefixLowestMetricWinsThenFirstAppended() {
        RoutingTable t = new RoutingTable(RtNames.TABLE_MAIN);
        t.add(route("10.2.0.0/16 via 10.0.0.3 dev eth0 metric 10"));
        t.append(route("10.2.0.0/16 via 10.0.0.6 dev eth0 metric 10"));
        assertThat(t.lookup(Ip4.parse("10.2.3.4")).gateway()).isEqualTo(Ip4.parse("10.0.0.3"));
        t.add(route("10.2.0.0/16 via 10.0.0.4 dev eth0"));
        assertThat(t.lookup(Ip4.parse("10.2.3.4")).gateway()).isEqualTo(Ip4.parse("10.0.0.4"));
        assertThat(RoutePrinter.show(t)).isEqualTo(
            "10.2.0.0/16 via 10.0.0.4 dev eth0 \n10.2.0.0/16 via 10.0.0.3 dev eth0 metric 10 \n10.2.0.0/16 via 10.0.0.6 dev eth0 metric 10 \n");
        assertThatThrownBy(() -> t.add(route("blackhole 10.2.0.0/16 metric 10"))).isInstanceOf(RtnetlinkException.class)
            .hasMessage("RTNETLINK answers: File exists");
        assertThatThrownBy(() -> t.append(route("10.2.0.0/16 via 10.0.0.6 dev eth0 metric 10"))).hasMessage("RTNETLINK answers: File exists");
        Route old = t.replace(route("10.2.0.0/16 via 10.0.0.8 dev eth0 metric 10"));
        assertThat(old.gateway()).isEqualTo(Ip4.parse("10.0.0.3"));
        assertThat(t.routes().get(1).gateway()).isEqualTo(Ip4.parse("10.0.0.8"));
        assertThat(t.replace(route("10.2.0.0/16 via 10.0.0.9 dev eth0 metric 20"))).isNull();
        assertThat(t.size()).isEqualTo(4);
    }

    @Test
    void rejectRoutesStopTheLookupWhereTheyMatch() {
        RoutingTable t = new RoutingTable(RtNames.TABLE_MAIN);
        t.add(route("default via 10.0.0.1 dev eth0"));
        t.add(route("blackhole 10.244.2.0/26 proto bird"));
        t.add(route("10.244.2.5 dev cali1 scope link"));
        t.add(route("unreachable 10.8.0.0/16"));
        t.add(route("prohibit 10.7.0.0/16"));
        assertThat(t.lookup(Ip4.parse("10.244.2.5")).dev()).isEqualTo("cali1");
        assertThat(t.lookup(Ip4.parse("10.244.2.6")).type()).isEqualTo(RouteType.BLACKHOLE);
        assertThat(t.lookup(Ip4.parse("10.8.1.1")).type()).isEqualTo(RouteType.UNREACHABLE);
        assertThat(t.lookup(Ip4.parse("10.7.1.1")).type()).isEqualTo(RouteType.PROHIBIT);
        assertThat(t.lookup(Ip4.parse("8.8.8.8")).isDefault()).isTrue();
        // scope filter (used for gateway checks) skips the global-scope routes.
        assertThat(t.lookup(Ip4.parse("8.8.8.8"), RtNames.SCOPE_LINK, null)).isNull();
        assertThat(t.lookup(Ip4.parse("10.244.2.5"), RtNames.SCOPE_LINK, "eth0")).isNull();
    }

    @Test
    void deleteHonoursTheSelectorAndReportsMisses() {
        RoutingTable t = new RoutingTable(RtNames.TABLE_MAIN);
        t.add(route("10.4.0.0/16 via 10.0.0.7 dev eth0 proto babel"));
        assertThatThrownBy(() -> t.delete(RouteParser.parseDelete("10.4.0.0/16 proto static")))
            .hasMessage("RTNETLINK answers: No such process");
        assertThatThrownBy(() -> t.delete(RouteParser.parseDelete("10.4.0.0/16 via 10.0.0.8"))).hasMessage("RTNETLINK answers: No such process");
        assertThatThrownBy(() -> t.delete(RouteParser.parseDelete("blackhole 10.4.0.0/16"))).hasMessage("RTNETLINK answers: No such process");
        assertThat(t.delete(RouteParser.parseDelete("10.4.0.0/16 dev eth0 proto babel")).gateway()).isEqualTo(Ip4.parse("10.0.0.7"));
        assertThat(t.size()).isZero();
        assertThat(t.lookup(Ip4.parse("10.4.0.1"))).isNull();
    }

    @Test
    void listingFollowsTheTrieOrder() {
        RoutingTable t = new RoutingTable(RtNames.TABLE_MAIN);
        for (String l : List.of("10.0.0.0/8 via 10.0.0.1 dev eth0 metric 7", "blackhole 10.244.2.0/26 proto bird",
            "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5", "default via 10.0.0.1 dev eth0", "192.168.0.0/16 dev eth1 scope link",
            "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink")) {
            t.add(route(l));
        }
        assertThat(t.routes()).extracting(r -> RoutePrinter.format(r, false)).containsExactly(
            "default via 10.0.0.1 dev eth0 ",
            "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5 ",
            "10.0.0.0/8 via 10.0.0.1 dev eth0 metric 7 ",
            "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink ",
            "blackhole 10.244.2.0/26 proto bird ",
            "192.168.0.0/16 dev eth1 scope link ");
        assertThat(t.deleteDevice("eth0")).isEqualTo(3);
        assertThat(t.size()).isEqualTo(3);
    }

    @Test
    void lookupDoesNotAllocateWithThousandsOfRoutes() {
        RoutingTable t = new RoutingTable(RtNames.TABLE_MAIN);
        t.add(route("default via 192.168.1.1 dev eth0"));
        for (int node = 0; node < 5000; node++) {
            int net = Ip4.parse("10.128.0.0") + (node << 6);
            t.add(Route.via(new Cidr(net, 26), Ip4.parse("192.168.1.1") + node, "tunl0").withOnlink(true));
            t.add(Route.direct(Cidr.host(net + 1), "cali" + node));
        }
        int[] probe = new int[1024];
        for (int i = 0; i < probe.length; i++) probe[i] = Ip4.parse("10.128.0.0") + i * 97;
        long sink = 0;
        for (int i = 0; i < 200_000; i++) sink += t.lookup(probe[i & 1023]).metric();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++) sink += t.lookup(probe[i & 1023]).metric();
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isZero();
        assertThat(allocated).as("bytes allocated by 200k lookups").isLessThan(16 * 1024); // one object per lookup would be megabytes
        assertThat(t.lookup(Ip4.parse("10.128.0.1")).dev()).isEqualTo("cali0");
        assertThat(t.lookup(Ip4.parse("10.128.0.2")).dev()).isEqualTo("tunl0");
    }
}
