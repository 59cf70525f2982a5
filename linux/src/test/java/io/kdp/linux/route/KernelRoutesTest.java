package io.kdp.linux.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.packet.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected lines are what a Linux 6.x kernel created for the same addresses. */
class KernelRoutesTest {

    static List<String> lines(List<Route> routes) {
        return routes.stream().map(r -> RoutePrinter.format(r, true)).toList();
    }

    @Test
    void ordinaryAddressGetsLocalPrefixAndBroadcastRoutes() {
        assertThat(lines(KernelRoutes.kernelRoutesForAddress(Cidr.parse("10.0.0.5/24"), "eth0"))).containsExactly(
            "local 10.0.0.5 dev eth0 table local proto kernel scope host src 10.0.0.5 ",
            "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5 ",
            "broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.5 ");
    }

    @Test
    void slash31HasNoBroadcastAndSlash32NoPrefixRoute() {
        assertThat(lines(KernelRoutes.kernelRoutesForAddress(Cidr.parse("192.168.7.1/31"), "d1"))).containsExactly(
            "local 192.168.7.1 dev d1 table local proto kernel scope host src 192.168.7.1 ",
            "192.168.7.0/31 dev d1 proto kernel scope link src 192.168.7.1 ");
        assertThat(lines(KernelRoutes.kernelRoutesForAddress(Cidr.parse("10.96.0.10/32"), "kube-ipvs0"))).containsExactly(
            "local 10.96.0.10 dev kube-ipvs0 table local proto kernel scope host src 10.96.0.10 ");
    }

    @Test
    void loopbackMakesAllOf127Local() {
        assertThat(lines(KernelRoutes.loopbackRoutes())).containsExactly(
            "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ",
            "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ",
            "broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 ");
        Fib fib = new Fib();
        fib.addKernelRoutes(KernelRoutes.loopbackRoutes());
        assertThat(RoutePrinter.show(fib.local())).isEqualTo(
            "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n"
                + "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n"
                + "broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n");
    }

    @Test
    void removingAnAddressRemovesItsRoutes() {
        Fib fib = new Fib();
        List<Route> routes = KernelRoutes.kernelRoutesForAddress(Cidr.parse("10.0.0.5/24"), "eth0");
        fib.addKernelRoutes(routes);
        fib.addKernelRoutes(routes);
        assertThat(fib.local().size()).isEqualTo(2);
        assertThat(fib.main().size()).isEqualTo(1);
        fib.removeKernelRoutes(routes);
        assertThat(fib.local().size()).isZero();
        assertThat(fib.main().size()).isZero();
    }
}
