package io.kdp.linux.conntrack;

import static io.kdp.linux.conntrack.CtFixture.SEC;
import static io.kdp.linux.conntrack.CtFixture.echo;
import static io.kdp.linux.conntrack.CtFixture.icmpError;
import static io.kdp.linux.conntrack.CtFixture.tcp;
import static io.kdp.linux.conntrack.CtFixture.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.SkBuff;
import io.kdp.linux.trace.Step;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.TcpHeader;
import org.junit.jupiter.api.Test;

class ConntrackUdpIcmpTest {
    final CtFixture f = new CtFixture();

    String line() {
        assertThat(f.ct.listLines()).hasSize(1);
        return f.ct.listLines().get(0);
    }

    @Test
    void udpIsUnrepliedThenRepliedThenAssuredStream() {
        SkBuff q = f.fwd(udp("10.244.1.5", 53000, "10.96.0.10", 53));
        assertThat(q.ctInfo()).isEqualTo(CtInfo.NEW);
        assertThat(line()).isEqualTo("udp      17 30 src=10.244.1.5 dst=10.96.0.10 sport=53000 dport=53 [UNREPLIED] "
                + "src=10.96.0.10 dst=10.244.1.5 sport=53 dport=53000 mark=0 use=1");
        f.advance(SEC);
        SkBuff r = f.fwd(udp("10.96.0.10", 53, "10.244.1.5", 53000));
        assertThat(r.ctInfo()).isEqualTo(CtInfo.ESTABLISHED_REPLY);
        // The first reply only clears UNREPLIED: SEEN_REPLY is set after the tracker ran.
        assertThat(line()).isEqualTo("udp      17 30 src=10.244.1.5 dst=10.96.0.10 sport=53000 dport=53 "
                + "src=10.96.0.10 dst=10.244.1.5 sport=53 dport=53000 mark=0 use=1");
        f.fwd(udp("10.244.1.5", 53000, "10.96.0.10", 53)); // within 2 s of the first packet: assured, still 30 s
        assertThat(line()).startsWith("udp      17 30 ").endsWith(" [ASSURED] mark=0 use=1");
        f.advance(2 * SEC);
        f.fwd(udp("10.244.1.5", 53000, "10.96.0.10", 53));
        assertThat(line()).isEqualTo("udp      17 120 src=10.244.1.5 dst=10.96.0.10 sport=53000 dport=53 "
                + "src=10.96.0.10 dst=10.244.1.5 sport=53 dport=53000 [ASSURED] mark=0 use=1");
    }

    @Test
    void unrepliedUdpExpiresAfterThirtySeconds() {
        f.fwd(udp("10.244.1.5", 53000, "10.96.0.10", 53));
        f.advance(29 * SEC);
        assertThat(f.ct.count()).isEqualTo(1);
        f.advance(SEC);
        assertThat(f.ct.count()).isZero();
        SkBuff again = f.fwd(udp("10.244.1.5", 53000, "10.96.0.10", 53));
        assertThat(again.ctInfo()).isEqualTo(CtInfo.NEW);
    }

    @Test
    void icmpEchoIsTrackedById() {
        SkBuff req = f.fwd(echo("10.244.1.5", "10.244.2.7", 7, 1, true));
        assertThat(req.ctInfo()).isEqualTo(CtInfo.NEW);
        assertThat(line()).isEqualTo("icmp     1 30 src=10.244.1.5 dst=10.244.2.7 type=8 code=0 id=7 [UNREPLIED] "
                + "src=10.244.2.7 dst=10.244.1.5 type=0 code=0 id=7 mark=0 use=1");
        SkBuff rep = f.fwd(echo("10.244.2.7", "10.244.1.5", 7, 1, false));
        assertThat(rep.ctInfo()).isEqualTo(CtInfo.ESTABLISHED_REPLY);
        assertThat(line()).isEqualTo("icmp     1 30 src=10.244.1.5 dst=10.244.2.7 type=8 code=0 id=7 "
                + "src=10.244.2.7 dst=10.244.1.5 type=0 code=0 id=7 mark=0 use=1");
        SkBuff other = f.fwd(echo("10.244.1.5", "10.244.2.7", 8, 1, true));
        assertThat(other.ct()).isNotSameAs(req.ct());
    }

    @Test
    void echoReplyWithoutRequestIsInvalid() {
        SkBuff rep = f.fwd(echo("10.244.2.7", "10.244.1.5", 7, 1, false));
        assertThat(rep.ct()).isNull();
        assertThat(f.ct.count()).isZero();
        assertThat(f.steps(Step.Conntrack.class).get(0).entry()).endsWith("(icmp: can't create new conn with type 0)");
    }

    @Test
    void portUnreachableIsRelatedReplyToTheUdpFlow() {
        SkBuff q = f.fwd(udp("10.244.1.5", 53000, "10.244.2.7", 53));
        SkBuff err = f.fwd(icmpError("10.244.2.7", "10.244.1.5", IcmpHeader.DEST_UNREACHABLE, IcmpHeader.PORT_UNREACHABLE,
                q.packet()));
        assertThat(err.ct()).isSameAs(q.ct());
        assertThat(err.ctInfo()).isEqualTo(CtInfo.RELATED_REPLY);
        assertThat(err.ctInfo().ctstate()).isEqualTo("RELATED");
        assertThat(f.steps(Step.Conntrack.class)).extracting(Step.Conntrack::state).containsExactly("NEW", "RELATED reply");
        assertThat(q.ct().has(CtStatus.SEEN_REPLY)).isFalse(); // an error is not a reply
    }

    @Test
    void errorAboutTheServersPacketIsRelatedInTheOriginalDirection() {
        f.fwd(tcp("10.244.1.5", 41000, "10.244.2.7", 80, TcpHeader.SYN, 1, 0));
        SkBuff synAck = f.fwd(tcp("10.244.2.7", 80, "10.244.1.5", 41000, TcpHeader.SYN | TcpHeader.ACK, 9, 2));
        SkBuff err = f.fwd(icmpError("192.168.0.1", "10.244.2.7", IcmpHeader.TIME_EXCEEDED, 0, synAck.packet()));
        assertThat(err.ctInfo()).isEqualTo(CtInfo.RELATED);
    }

    @Test
    void icmpErrorForUnknownConnectionIsInvalid() {
        SkBuff err = f.fwd(icmpError("10.244.2.7", "10.244.1.5", 3, 3, udp("10.244.1.5", 1, "10.244.2.7", 2)));
        assertThat(err.ct()).isNull();
        assertThat(f.steps(Step.Conntrack.class).get(0).entry()).isEqualTo(
                "icmp     1 src=10.244.2.7 dst=10.244.1.5 type=3 code=3 id=0 (icmp error for no known connection)");
        assertThat(f.ct.count()).isZero();
    }

    @Test
    void icmpErrorWhoseOuterDestinationDoesNotMatchIsInvalid() {
        SkBuff q = f.fwd(udp("10.244.1.5", 53000, "10.244.2.7", 53));
        SkBuff err = f.fwd(icmpError("10.244.2.7", "10.244.9.9", 3, 3, q.packet()));
        assertThat(err.ct()).isNull();
        assertThat(f.steps(Step.Conntrack.class).get(1).entry()).endsWith("(outer daddr 10.244.9.9 != inner 10.244.1.5)");
    }

    @Test
    void otherProtocolsUseTheGenericTrackerForTenMinutes() {
        var p = new io.kdp.packet.Packet(null, io.kdp.packet.Ipv4Header.of(4, CtFixture.ip("192.168.0.10"), CtFixture.ip("192.168.0.11"), 0),
                null, io.kdp.packet.Payload.Data.EMPTY);
        f.fwd(p);
        assertThat(line()).isEqualTo("unknown  4 600 src=192.168.0.10 dst=192.168.0.11 [UNREPLIED] src=192.168.0.11 dst=192.168.0.10 mark=0 use=1");
    }
}
