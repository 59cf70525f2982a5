package io.kdp.linux.conntrack;

import static io.kdp.linux.conntrack.CtFixture.SEC;
import static io.kdp.linux.conntrack.CtFixture.tcp;
import static io.kdp.packet.TcpHeader.ACK;
import static io.kdp.packet.TcpHeader.FIN;
import static io.kdp.packet.TcpHeader.PSH;
import static io.kdp.packet.TcpHeader.RST;
import static io.kdp.packet.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.SkBuff;
import io.kdp.linux.trace.Step;
import org.junit.jupiter.api.Test;

class ConntrackTcpTest {
    static final String C = "10.244.1.5", S = "10.244.2.7";
    static final String ORIG = "src=10.244.1.5 dst=10.244.2.7 sport=41000 dport=8080";
    static final String REPL = "src=10.244.2.7 dst=10.244.1.5 sport=8080 dport=41000";

    final CtFixture f = new CtFixture();

    SkBuff c2s(int flags, long seq, long ack) {
        return f.fwd(tcp(C, 41000, S, 8080, flags, seq, ack));
    }

    SkBuff s2c(int flags, long seq, long ack) {
        return f.fwd(tcp(S, 8080, C, 41000, flags, seq, ack));
    }

    void handshake() {
        c2s(SYN, 1000, 0);
        s2c(SYN | ACK, 5000, 1001);
        c2s(ACK, 1001, 5001);
    }

    String line() {
        assertThat(f.ct.listLines()).hasSize(1);
        return f.ct.listLines().get(0);
    }

    @Test
    void threeWayHandshakeStatesTimeoutsAndFlags() {
        SkBuff syn = c2s(SYN, 1000, 0);
        assertThat(syn.ctInfo()).isEqualTo(CtInfo.NEW);
        assertThat(line()).isEqualTo("tcp      6 120 SYN_SENT " + ORIG + " [UNREPLIED] " + REPL + " mark=0 use=1");

        SkBuff synAck = s2c(SYN | ACK, 5000, 1001);
        assertThat(synAck.ctInfo()).isEqualTo(CtInfo.ESTABLISHED_REPLY);
        assertThat(synAck.ct()).isSameAs(syn.ct());
        assertThat(line()).isEqualTo("tcp      6 60 SYN_RECV " + ORIG + " " + REPL + " mark=0 use=1");

        SkBuff ack = c2s(ACK, 1001, 5001);
        assertThat(ack.ctInfo()).isEqualTo(CtInfo.ESTABLISHED);
        assertThat(line()).isEqualTo("tcp      6 432000 ESTABLISHED " + ORIG + " " + REPL + " [ASSURED] mark=0 use=1");
        f.advance(SEC / 2);
        assertThat(line()).isEqualTo("tcp      6 431999 ESTABLISHED " + ORIG + " " + REPL + " [ASSURED] mark=0 use=1");
        assertThat(ack.ct().status()).isEqualTo(CtStatus.SEEN_REPLY | CtStatus.ASSURED | CtStatus.CONFIRMED);
    }

    @Test
    void handshakeIsTracedWithStateAndEntry() {
        handshake();
        assertThat(f.steps(Step.Conntrack.class)).extracting(Step.Conntrack::state)
                .containsExactly("NEW", "ESTABLISHED reply", "ESTABLISHED");
        assertThat(f.steps(Step.Conntrack.class).get(0).text())
                .isEqualTo("conntrack NEW  tcp      6 120 SYN_SENT " + ORIG + " [UNREPLIED] " + REPL + " mark=0 use=1");
    }

    @Test
    void finHandshakeEndsInTimeWait() {
        handshake();
        c2s(FIN | ACK, 1001, 5001);
        assertThat(line()).startsWith("tcp      6 120 FIN_WAIT ");
        s2c(ACK, 5001, 1002);
        assertThat(line()).startsWith("tcp      6 60 CLOSE_WAIT ");
        s2c(FIN | ACK, 5001, 1002);
        assertThat(line()).startsWith("tcp      6 30 LAST_ACK ");
        c2s(ACK, 1002, 5002);
        assertThat(line()).isEqualTo("tcp      6 120 TIME_WAIT " + ORIG + " " + REPL + " [ASSURED] mark=0 use=1");
        f.advance(120 * SEC);
        assertThat(f.ct.listLines()).isEmpty();
    }

    @Test
    void synInTimeWaitReopensAsNewConnection() {
        handshake();
        c2s(FIN | ACK, 1001, 5001);
        s2c(FIN | ACK, 5001, 1002);
        c2s(ACK, 1002, 5002);
        assertThat(f.ct.entries().get(0).tcpState()).isEqualTo(TcpState.TIME_WAIT);
        ConntrackEntry old = f.ct.entries().get(0);
        SkBuff syn = c2s(SYN, 90000, 0);
        assertThat(syn.ctInfo()).isEqualTo(CtInfo.NEW);
        assertThat(syn.ct()).isNotSameAs(old);
        assertThat(line()).isEqualTo("tcp      6 120 SYN_SENT " + ORIG + " [UNREPLIED] " + REPL + " mark=0 use=1");
    }

    @Test
    void rstClosesAnEstablishedConnectionForTenSeconds() {
        handshake();
        c2s(RST, 1001, 0);
        assertThat(line()).isEqualTo("tcp      6 10 CLOSE " + ORIG + " " + REPL + " [ASSURED] mark=0 use=1");
        f.advance(10 * SEC);
        assertThat(f.ct.count()).isZero();
    }

    @Test
    void rstAnsweringTheSynDeletesTheEntry() {
        c2s(SYN, 1000, 0);
        SkBuff rst = s2c(RST | ACK, 0, 1001);
        assertThat(rst.ct()).isNotNull(); // the RST itself is tracked (ESTABLISHED reply) ...
        assertThat(rst.ct().tcpState()).isEqualTo(TcpState.CLOSE);
        assertThat(f.ct.listLines()).isEmpty(); // ... but the entry is gone (nf_ct_kill_acct)
    }

    @Test
    void synRetransmitDoesNotRefreshTheTimeout() {
        c2s(SYN, 1000, 0);
        f.advance(50 * SEC);
        c2s(SYN, 1000, 0);
        assertThat(line()).startsWith("tcp      6 70 SYN_SENT ");
    }

    @Test
    void invalidFlagCombinationGetsNoEntry() {
        SkBuff skb = c2s(SYN | FIN, 1000, 0);
        assertThat(skb.ct()).isNull();
        assertThat(f.ct.count()).isZero();
        assertThat(f.steps(Step.Conntrack.class)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo("INVALID");
            assertThat(s.entry()).isEqualTo("tcp      6 " + ORIG + " (invalid tcp flag combination)");
        });
    }

    @Test
    void ackInSynSentIsInvalidByTheStateTable() {
        c2s(SYN, 1000, 0);
        SkBuff ack = c2s(ACK, 1001, 5001);
        assertThat(ack.ct()).isNull();
        assertThat(f.steps(Step.Conntrack.class).get(1).entry()).endsWith("(packet (index 3) in dir 0 invalid, state SYN_SENT)");
        assertThat(line()).contains(" SYN_SENT ");
    }

    @Test
    void synAckFromTheClientIsInvalid() {
        c2s(SYN, 1000, 0);
        assertThat(c2s(SYN | ACK, 1000, 7).ct()).isNull();
    }

    @Test
    void ackOfUnseenDataIsOutOfWindow() {
        handshake();
        SkBuff bad = s2c(ACK, 5001, 9999);
        assertThat(bad.ct()).isNull();
        assertThat(f.steps(Step.Conntrack.class).get(3).entry()).endsWith("(ACK is over upper bound 1002 (ACKed data not seen yet))");
        SkBuff good = s2c(ACK, 5001, 1001);
        assertThat(good.ctInfo()).isEqualTo(CtInfo.ESTABLISHED_REPLY);
    }

    @Test
    void beLiberalAcceptsOutOfWindowSegments() {
        f.ns.sysctls().set("net.netfilter.nf_conntrack_tcp_be_liberal", "1");
        handshake();
        assertThat(s2c(ACK, 5001, 9999).ct()).isNotNull();
    }

    @Test
    void unacknowledgedDataShortensTheTimeoutUntilAcked() {
        handshake();
        f.fwd(tcp(C, 41000, S, 8080, PSH | ACK, 1001, 5001, 100));
        assertThat(line()).startsWith("tcp      6 300 ESTABLISHED ");
        s2c(ACK, 5001, 1101);
        assertThat(line()).startsWith("tcp      6 432000 ESTABLISHED ");
    }

    @Test
    void looseModePicksUpMidStreamAck() {
        SkBuff a = c2s(ACK, 1001, 5001);
        assertThat(a.ctInfo()).isEqualTo(CtInfo.NEW);
        assertThat(line()).isEqualTo("tcp      6 300 ESTABLISHED " + ORIG + " [UNREPLIED] " + REPL + " mark=0 use=1");
        s2c(ACK, 5001, 1001);
        assertThat(line()).isEqualTo("tcp      6 300 ESTABLISHED " + ORIG + " " + REPL + " mark=0 use=1");
        c2s(ACK, 1001, 5001);
        assertThat(line()).isEqualTo("tcp      6 432000 ESTABLISHED " + ORIG + " " + REPL + " [ASSURED] mark=0 use=1");
    }

    @Test
    void looseZeroRefusesToPickUp() {
        f.ns.sysctls().set("net.netfilter.nf_conntrack_tcp_loose", "0");
        assertThat(c2s(ACK, 1001, 5001).ct()).isNull();
        assertThat(f.ct.count()).isZero();
    }

    @Test
    void synSentExpiresAfterTwoMinutes() {
        c2s(SYN, 1000, 0);
        f.advance(119 * SEC);
        assertThat(line()).startsWith("tcp      6 1 SYN_SENT ");
        f.advance(SEC);
        assertThat(f.ct.expire()).isEqualTo(1);
        assertThat(f.ct.find(ConntrackTuple.of(tcp(C, 41000, S, 8080, SYN, 1, 0)))).isNull();
    }

    @Test
    void unconfirmedEntryIsNotInTheTableUntilItsPacketSurvives() {
        SkBuff skb = f.skb(tcp(C, 41000, S, 8080, SYN, 1000, 0));
        f.ct.conntrackIn(skb, io.kdp.linux.netfilter.Hook.PREROUTING);
        assertThat(skb.ct().confirmed()).isFalse();
        assertThat(f.ct.count()).isZero();
        f.ct.confirm(skb, io.kdp.linux.netfilter.Hook.POSTROUTING);
        assertThat(skb.ct().confirmed()).isTrue();
        assertThat(f.ct.count()).isEqualTo(1);
    }

    @Test
    void untrackedPacketsAreSkipped() {
        SkBuff skb = f.skb(tcp(C, 41000, S, 8080, SYN, 1000, 0));
        skb.untracked(true);
        f.forward(skb);
        assertThat(skb.ct()).isNull();
        assertThat(f.ct.count()).isZero();
        assertThat(f.steps(Step.Conntrack.class)).extracting(Step.Conntrack::state).containsExactly("UNTRACKED");
    }

    @Test
    void flushEmptiesTheTable() {
        handshake();
        assertThat(f.ct.flush()).isEqualTo(1);
        assertThat(f.ct.list()).isEmpty();
        assertThat(Conntrack.flushMessage()).isEqualTo("conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.");
    }
}
