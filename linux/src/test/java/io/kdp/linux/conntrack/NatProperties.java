package io.kdp.linux.conntrack;

import static io.kdp.linux.conntrack.CtFixture.ip;
import static io.kdp.linux.conntrack.CtFixture.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.NetDevice;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Priority;
import io.kdp.packet.Ip4;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class NatProperties {
    @Property(tries = 50)
    void masqueradedClientsGetUniqueMappingsAndRepliesFindThemBack(@ForAll @IntRange(min = 1, max = 60) int clients,
            @ForAll @IntRange(min = 1, max = 65535) int port, @ForAll long seed) {
        CtFixture f = new CtFixture(seed);
        NetDevice eth0 = f.device("eth0");
        Nat nat = f.ct.nat();
        nat.masqueradeSource((o, nh) -> ip("192.168.0.10"));
        nat.registerNatFunction(Hook.POSTROUTING, Priority.NAT_SRC, "t", (skb, h) -> nat.masquerade(skb, NatRange.to(0, 0)));
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < clients; i++) {
            SkBuff skb = f.skb(udp("10.244.1." + (i + 1), port, "8.8.8.8", 53));
            skb.outDev(eth0);
            f.forward(skb);
            int mapped = skb.packet().srcPort();
            assertThat(ports.add(mapped)).as("port %d reused", mapped).isTrue();
            assertThat(mapped < 512 ? port < 512 : mapped < 1024 ? port >= 512 && port < 1024 : port >= 1024).isTrue();
        }
        for (ConntrackEntry e : f.ct.entries()) {
            SkBuff reply = f.fwd(udp("8.8.8.8", 53, "192.168.0.10", e.reply().dstPort()));
            assertThat(Ip4.format(reply.packet().dst())).isEqualTo(Ip4.format(e.original().src()));
            assertThat(reply.packet().dstPort()).isEqualTo(port);
        }
        assertThat(f.ct.count()).isEqualTo(clients).isEqualTo(ports.size());
    }

    @Property
    void invertingTwiceIsIdentity(@ForAll int src, @ForAll int dst, @ForAll @IntRange(max = 65535) int sport,
            @ForAll @IntRange(max = 65535) int dport) {
        ConntrackTuple t = new ConntrackTuple(src, dst, 6, sport, dport);
        assertThat(t.invert().invert()).isEqualTo(t);
    }
}
