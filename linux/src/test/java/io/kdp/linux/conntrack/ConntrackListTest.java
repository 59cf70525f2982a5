package io.kdp.linux.conntrack;

import static io.kdp.linux.conntrack.CtFixture.SEC;
import static io.kdp.linux.conntrack.CtFixture.echo;
import static io.kdp.linux.conntrack.CtFixture.tcp;
import static io.kdp.linux.conntrack.CtFixture.udp;
import static io.kdp.packet.TcpHeader.ACK;
import static io.kdp.packet.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConntrackListTest {
    final CtFixture f = new CtFixture();

    static String golden(String name) throws IOException {
        try (InputStream in = ConntrackListTest.class.getResourceAsStream("/conntrack/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void listMatchesConntrackToolOutput() throws IOException {
        f.fwd(tcp("10.244.1.5", 41000, "10.244.2.7", 8080, SYN, 1000, 0));
        f.fwd(tcp("10.244.2.7", 8080, "10.244.1.5", 41000, SYN | ACK, 5000, 1001));
        SkBuff est = f.fwd(tcp("10.244.1.5", 41000, "10.244.2.7", 8080, ACK, 1001, 5001));
        est.ct().mark(0x4000);
        f.fwd(udp("10.244.1.5", 53000, "10.96.0.10", 53));
        f.fwd(echo("10.244.1.5", "10.244.2.7", 7, 1, true));
        f.advance(SEC + SEC / 2);
        assertThat(f.ct.list()).isEqualTo(golden("list.txt"));
        assertThat(Conntrack.summary(f.ct.count())).isEqualTo("conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.");
    }

    @Test
    void deleteRemovesMatchingEntries() {
        f.fwd(udp("10.244.1.5", 53000, "10.96.0.10", 53));
        f.fwd(udp("10.244.1.6", 53000, "10.96.0.11", 53));
        assertThat(f.ct.delete(e -> e.original().dst() == CtFixture.ip("10.96.0.10"))).isEqualTo(1);
        assertThat(f.ct.listLines()).singleElement().asString().contains("dst=10.96.0.11");
    }

    @Test
    void udpClashAtConfirmAdoptsTheIdenticalWinner() {
        SkBuff a = f.skb(udp("10.244.1.5", 53000, "10.96.0.10", 53));
        SkBuff b = f.skb(udp("10.244.1.5", 53000, "10.96.0.10", 53));
        f.ct.conntrackIn(a, Hook.PREROUTING);
        f.ct.conntrackIn(b, Hook.PREROUTING); // both NEW: a is not confirmed yet
        assertThat(a.ct()).isNotSameAs(b.ct());
        assertThat(f.ct.confirm(a, Hook.POSTROUTING)).isEqualTo(Verdict.ACCEPT);
        assertThat(f.ct.confirm(b, Hook.POSTROUTING)).isEqualTo(Verdict.ACCEPT);
        assertThat(b.ct()).isSameAs(a.ct());
        assertThat(f.ct.count()).isEqualTo(1);
    }

    @Test
    void tcpClashAtConfirmDrops() {
        SkBuff a = f.skb(tcp("10.244.1.5", 41000, "10.244.2.7", 80, SYN, 1, 0));
        SkBuff b = f.skb(tcp("10.244.1.5", 41000, "10.244.2.7", 80, SYN, 1, 0));
        f.ct.conntrackIn(a, Hook.PREROUTING);
        f.ct.conntrackIn(b, Hook.PREROUTING);
        f.ct.confirm(a, Hook.POSTROUTING);
        assertThat(f.ct.confirm(b, Hook.POSTROUTING)).isEqualTo(Verdict.DROP);
        assertThat(b.dropReason()).isEqualTo("conntrack insert failed: clash with src=10.244.1.5 dst=10.244.2.7 sport=41000 dport=80");
    }

    @Test
    void replyPacketsAreNeverConfirmedAgain() {
        SkBuff syn = f.fwd(tcp("10.244.1.5", 41000, "10.244.2.7", 80, SYN, 1, 0));
        SkBuff reply = f.deliver(tcp("10.244.2.7", 80, "10.244.1.5", 41000, SYN | ACK, 9, 2));
        assertThat(reply.ct()).isSameAs(syn.ct());
        assertThat(f.ct.count()).isEqualTo(1);
    }
}
