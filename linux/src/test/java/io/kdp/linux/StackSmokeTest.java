package io.kdp.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.TraceRecorder;
import io.kdp.packet.Cidr;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import org.junit.jupiter.api.Test;

class StackSmokeTest {
    @Test
    void pingAcrossARouter() {
        Backlog b = new Backlog(new Clock(0));
        TraceRecorder rec = new TraceRecorder();
        b.tracer(rec);
        NetNamespace a = new NetNamespace("a", b, 1), r = new NetNamespace("r", b, 1), c = new NetNamespace("c", b, 1);
        VethDevice ar = VethDevice.pair(a, "eth0", a.randomMac("eth0"), r, "eth0", r.randomMac("eth0"), 1500);
        VethDevice cr = VethDevice.pair(c, "eth0", c.randomMac("eth0"), r, "eth1", r.randomMac("eth1"), 1500);
        a.addAddress(ar, Cidr.parse("10.0.1.2/24"));
        a.setUp(ar);
        r.addAddress(ar.peer(), Cidr.parse("10.0.1.1/24"));
        r.setUp(ar.peer());
        r.addAddress(cr.peer(), Cidr.parse("10.0.2.1/24"));
        r.setUp(cr.peer());
        c.addAddress(cr, Cidr.parse("10.0.2.2/24"));
        c.setUp(cr);
        a.route("add default via 10.0.1.1");
        c.route("add default via 10.0.2.1");
        r.sysctls().set("net.ipv4.ip_forward", "1");
        var s = a.sockets().bind(IpProtocol.ICMP, 0, 7, "ping");
        a.sendFromSocket(new Packet(null, Ipv4Header.of(IpProtocol.ICMP, 0, Ip4.parse("10.0.2.2"), 1), IcmpHeader.echoRequest(7, 1), Payload.Data.ascii("hi")));
        assertThat(b.drain()).isTrue();
        var hops = rec.take();
        for (Hop h : hops) {
            System.out.println(h.host());
            h.steps().forEach(st -> System.out.println("   " + st.text()));
        }
        assertThat(b.takeOutcome().disposition()).isEqualTo(Disposition.DELIVERED);
        assertThat(s.received()).hasSize(1);
        assertThat(s.received().get(0).icmp().type()).isEqualTo(IcmpHeader.ECHO_REPLY);
    }
}
