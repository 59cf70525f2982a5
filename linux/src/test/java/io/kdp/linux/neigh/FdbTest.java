package io.kdp.linux.neigh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.Clock;
import io.kdp.linux.route.RouteSyntaxException;
import io.kdp.linux.route.RtnetlinkException;
import io.kdp.packet.Ip4;
import io.kdp.packet.MacAddress;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Lines and error messages are as {@code bridge} (iproute2 6.1) printed them on a real kernel. */
class FdbTest {
    static final long S = 1_000_000_000L;

    @Test
    void realLinesRoundTrip() throws IOException {
        for (String line : NeighbourTableTest.resource("bridge-fdb-lines.txt").split("\n")) {
            FdbEntry e = FdbParser.parseShowLine(line);
            assertThat(e.toString()).isEqualTo(line);
            assertThat(FdbParser.parseShowLine(e.toString())).isEqualTo(e);
        }
        FdbEntry flannel = FdbParser.parseShowLine("6e:a1:b2:c3:d4:e5 dev flannel.1 dst 192.168.1.12 self permanent");
        assertThat(flannel).isEqualTo(FdbEntry.vxlan(MacAddress.parse("6e:a1:b2:c3:d4:e5"), "flannel.1", Ip4.parse("192.168.1.12")));
        assertThat(FdbParser.parseShowLine("02:11:22:33:44:57 dev veth1 master cni0 "))
            .isEqualTo(FdbEntry.learned(MacAddress.parse("02:11:22:33:44:57"), "veth1", "cni0"));
        assertThat(FdbParser.parseShowLine("02:11:22:33:44:57 dev veth1 vlan 1 master cni0 ").toString())
            .isEqualTo("02:11:22:33:44:57 dev veth1 master cni0 ");
    }

    @Test
    void learnedEntriesAgeOutOnTheVirtualClock() {
        Clock clock = new Clock(0);
        Fdb fdb = new Fdb(clock);
        long mac = MacAddress.parse("02:11:22:33:44:57").value();
        fdb.learn(mac, "veth1", "cni0");
        assertThat(fdb.lookup(mac).dev()).isEqualTo("veth1");
        clock.advance(200 * S);
        fdb.learn(mac, "veth2", "cni0");
        assertThat(fdb.show()).isEqualTo("02:11:22:33:44:57 dev veth2 master cni0 \n");
        clock.advance(299 * S);
        assertThat(fdb.lookup(mac)).isNotNull();
        clock.advance(S);
        assertThat(fdb.lookup(mac)).as("300 s after it was last seen").isNull();
        assertThat(fdb.show()).isEmpty();
        fdb.ageingSeconds(10);
        fdb.learn(mac, "veth1", "cni0");
        clock.advance(10 * S);
        assertThat(fdb.lookup(mac)).isNull();
    }

    @Test
    void staticEntriesNeitherAgeNorMove() {
        Clock clock = new Clock(0);
        Fdb fdb = new Fdb(clock);
        FdbEntry st = FdbParser.parseShowLine("02:11:22:33:44:55 dev veth1 master cni0 static");
        fdb.add(st);
        fdb.learn(st.mac().value(), "veth9", "cni0");
        clock.advance(10_000 * S);
        assertThat(fdb.lookup(st.mac().value())).isEqualTo(st);
    }

    @Test
    void vxlanEntriesAppendDeleteAndListNewestFirst() {
        Fdb fdb = new Fdb(new Clock(0));
        MacAddress zero = MacAddress.ZERO;
        fdb.append(FdbEntry.vxlan(zero, "vxlan.calico", Ip4.parse("192.168.1.12")));
        fdb.append(FdbEntry.vxlan(zero, "vxlan.calico", Ip4.parse("192.168.1.14")));
        fdb.add(FdbParser.parseAdd("6e:a1:b2:c3:d4:e5 dev vxlan.calico dst 192.168.1.12 self permanent"));
        assertThat(fdb.show()).isEqualTo("6e:a1:b2:c3:d4:e5 dev vxlan.calico dst 192.168.1.12 self permanent\n"
            + "00:00:00:00:00:00 dev vxlan.calico dst 192.168.1.14 self permanent\n"
            + "00:00:00:00:00:00 dev vxlan.calico dst 192.168.1.12 self permanent\n");
        assertThat(fdb.lookup(0).dst()).isEqualTo(Ip4.parse("192.168.1.12"));
        assertThat(fdb.lookupAll(0)).extracting(FdbEntry::dst).containsExactly(Ip4.parse("192.168.1.12"), Ip4.parse("192.168.1.14"));
        assertThatThrownBy(() -> fdb.add(FdbParser.parseAdd("6e:a1:b2:c3:d4:e5 dev vxlan.calico dst 192.168.1.13 self permanent")))
            .isInstanceOf(RtnetlinkException.class).hasMessage("RTNETLINK answers: File exists");
        assertThatThrownBy(() -> fdb.append(FdbEntry.vxlan(zero, "vxlan.calico", Ip4.parse("192.168.1.14"))))
            .hasMessage("RTNETLINK answers: File exists");
        fdb.delete(zero, Ip4.parse("192.168.1.12"));
        assertThat(fdb.lookup(0).dst()).isEqualTo(Ip4.parse("192.168.1.14"));
        assertThatThrownBy(() -> fdb.delete(MacAddress.parse("6e:a1:b2:c3:d4:99"), 0)).hasMessage("RTNETLINK answers: No such file or directory");
        fdb.replace(FdbEntry.vxlan(MacAddress.parse("6e:a1:b2:c3:d4:e5"), "vxlan.calico", Ip4.parse("192.168.1.99")));
        assertThat(fdb.lookup(MacAddress.parse("6e:a1:b2:c3:d4:e5").value()).dst()).isEqualTo(Ip4.parse("192.168.1.99"));
        fdb.flushPort("vxlan.calico");
        assertThat(fdb.entries()).isEmpty();
    }

    @Test
    void parserErrorsNameTheWord() {
        assertThatThrownBy(() -> FdbParser.parseAdd("6e:a1:b2:c3:d4:zz dev vx")).isInstanceOf(RouteSyntaxException.class)
            .hasMessage("Invalid mac address 6e:a1:b2:c3:d4:zz");
        assertThatThrownBy(() -> FdbParser.parseAdd("6e:a1:b2:c3:d4:e5")).hasMessage("Device and address are required arguments.");
        assertThatThrownBy(() -> FdbParser.parseShowLine("6e:a1:b2:c3:d4:e5 dev vx dst 192.168.1.12 self extern_learn permanent"))
            .hasMessage("Error: either \"to\" is duplicate, or \"extern_learn\" is a garbage.");
    }
}
