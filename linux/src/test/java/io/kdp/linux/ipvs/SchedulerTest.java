package io.kdp.linux.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    static Packet syn(String src, int sport) {
        return new Packet(null, Ipv4Header.of(IpProtocol.TCP, Ip4.parse(src), Ip4.parse("10.96.0.10"), 1),
                new TcpHeader(sport, 80, 1, 0, TcpHeader.SYN, 64240), null);
    }

    /** A service whose servers were added in {@code addOrder}; the kernel list is that order reversed. */
    static VirtualService service(String sched, int... weights) {
        VirtualService svc = new VirtualService(ServiceKey.of(IpProtocol.TCP, Ip4.parse("10.96.0.10"), 80), ServiceConfig.of(sched), Scheduler.create(sched));
        for (int i = 0; i < weights.length; i++) {
            svc.addDest(new RealServer(Ip4.parse("10.244.0." + (i + 1)), 8080, ForwardMethod.MASQ, weights[i], 0, 0));
        }
        return svc;
    }

    static List<String> picks(VirtualService svc, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RealServer d = svc.scheduler().schedule(svc, syn("10.0.0.1", 40000 + i));
            out.add(d == null ? "-" : Ip4.format(d.address()).substring(8));
        }
        return out;
    }

    @Test
    void roundRobinStartsAtTheNewestServerAndCycles() {
        VirtualService svc = service("rr", 1, 1, 1); // list: .3 .2 .1
        assertThat(picks(svc, 7)).containsExactly(".3", ".2", ".1", ".3", ".2", ".1", ".3");
    }

    @Test
    void roundRobinSkipsQuiescedServersAndSurvivesRemoval() {
        VirtualService svc = service("rr", 1, 0, 1); // .2 has weight 0
        assertThat(picks(svc, 4)).containsExactly(".3", ".1", ".3", ".1");
        svc.removeDest(svc.dest(Ip4.parse("10.244.0.3"), 8080)); // was the last pick
        assertThat(picks(svc, 2)).containsExactly(".1", ".1");
    }

    @Test
    void weightedRoundRobinFollowsTheKernelsPasses() {
        VirtualService svc = service("wrr", 1, 2, 3); // list: .3(w3) .2(w2) .1(w1)
        // Servers added one by one: ip_vs_wrr_dest_changed kept cw = 1 from the first add, so the
        // first pass takes every server, then full cycles at cw = 3, 2, 1 follow.
        assertThat(picks(svc, 12)).containsExactly(".3", ".2", ".1", ".3", ".3", ".2", ".3", ".2", ".1", ".3", ".3", ".2");
        // A scheduler initialised over all three (ipvsadm -E switching to wrr) starts at cw = max weight.
        svc.reconfigure(ServiceConfig.of("wrr"), new WeightedRoundRobin());
        assertThat(picks(svc, 12)).containsExactly(".3", ".3", ".2", ".3", ".2", ".1", ".3", ".3", ".2", ".3", ".2", ".1");
    }

    @Test
    void weightedRoundRobinWithCommonDivisor() {
        VirtualService svc = service("wrr", 2, 4); // gcd 2: mw = 4 - 1 = 3, passes at cw = 3, then 1
        // cw was 1 after the first add and (1 / 2) * 2 + 1 = 1 after the second: a cw = 1 pass first.
        assertThat(picks(svc, 6)).containsExactly(".2", ".1", ".2", ".2", ".1", ".2");
    }

    @Test
    void leastConnectionWeighsActiveConnections256Times() {
        VirtualService svc = service("lc", 1, 1, 1); // list .3 .2 .1
        RealServer s3 = svc.dests().get(0), s2 = svc.dests().get(1), s1 = svc.dests().get(2);
        s3.bind(false, false); // 1 active = 256
        for (int i = 0; i < 255; i++) s2.bind(false, true); // 255 inactive
        for (int i = 0; i < 256; i++) s1.bind(false, true); // 256 inactive: ties with .3
        assertThat(picks(svc, 1)).containsExactly(".2");
        s2.bind(false, true); // now .2 = 256 too: the first in list order wins ties
        assertThat(picks(svc, 1)).containsExactly(".3");
    }

    @Test
    void weightedLeastConnectionComparesOverheadTimesWeight() {
        VirtualService svc = service("wlc", 1, 3); // list .2(w3) .1(w1)
        RealServer s2 = svc.dests().get(0), s1 = svc.dests().get(1);
        assertThat(picks(svc, 1)).containsExactly(".2"); // 0 * 1 > 0 * 3 is false: first stays
        s2.bind(false, false);
        s2.bind(false, false); // overhead 512, per weight 170.7
        s1.bind(false, true); // overhead 1
        assertThat(picks(svc, 1)).containsExactly(".1"); // 512 * 1 > 1 * 3
        for (int i = 0; i < 170; i++) s1.bind(false, true); // 171 * 3 = 513 > 512 * 1
        assertThat(picks(svc, 1)).containsExactly(".2");
    }

    @Test
    void shortestExpectedDelayAndNeverQueue() {
        VirtualService sed = service("sed", 1, 2); // list .2(w2) .1(w1)
        sed.dests().get(0).bind(false, false); // .2: (1+1)/2 = 1 ; .1: 1/1 = 1 -> tie keeps .2
        assertThat(picks(sed, 1)).containsExactly(".2");
        sed.dests().get(0).bind(false, false); // .2: 3/2 > 1
        assertThat(picks(sed, 1)).containsExactly(".1");

        VirtualService nq = service("nq", 1, 5); // list .2(w5) .1(w1)
        nq.dests().get(0).bind(false, false);
        assertThat(picks(nq, 1)).containsExactly(".1"); // idle server first, whatever the weights
    }

    @Test
    void sourceHashingIsStablePerSourceAndReplicatesByWeight() {
        VirtualService svc = service("sh", 1, 2); // list .2(w2) .1(w1): buckets .2 .2 .1 .2 .2 .1 ...
        SourceHashing sh = (SourceHashing) svc.scheduler();
        for (int b = 0; b < 6; b++) {
            // find an address that lands in bucket b and check its owner
            int addr = 0;
            while (SourceHashing.hashKey(addr, 0, 0) != b) addr++;
            assertThat(Ip4.format(sh.bucket(addr, 0).address())).isEqualTo(b % 3 == 2 ? "10.244.0.1" : "10.244.0.2");
        }
        RealServer first = svc.scheduler().schedule(svc, syn("192.168.7.9", 1000));
        for (int i = 0; i < 20; i++) assertThat(svc.scheduler().schedule(svc, syn("192.168.7.9", 2000 + i))).isSameAs(first);
        // hash_32 keeps the top 8 bits of addr * 0x61C88647
        assertThat(SourceHashing.hashKey(Ip4.parse("10.0.0.1"), 0, 0)).isEqualTo((int) (((Ip4.parse("10.0.0.1") * 0x61C88647L) & 0xffffffffL) >>> 24));
    }

    @Test
    void maglevHashingSpreadsThreeServersEvenly() {
        VirtualService svc = service("mh", 1, 1, 1);
        MaglevHashing mh = (MaglevHashing) svc.scheduler();
        int[] count = new int[3];
        for (RealServer d : mh.table()) count[svc.dests().indexOf(d)]++;
        double ideal = 4093 / 3.0;
        for (int c : count) assertThat(Math.abs(c - ideal) / ideal).isLessThan(0.01);
        assertThat(count[0] + count[1] + count[2]).isEqualTo(4093);
        RealServer first = svc.scheduler().schedule(svc, syn("172.16.3.4", 1));
        assertThat(svc.scheduler().schedule(svc, syn("172.16.3.4", 2))).isSameAs(first);
        assertThat(mh.table()[mh.slot(Ip4.parse("172.16.3.4"), 0)]).isSameAs(first);
    }

    @Test
    void hsiphashMatchesSipHash13Reference() {
        // SipHash-1-3 of the 4 bytes 00 01 02 03 under key 00..0f (reference implementation), low 32 bits.
        long k0 = 0x0706050403020100L, k1 = 0x0f0e0d0c0b0a0908L;
        assertThat(HsipHash.hashU32(0x03020100, k0, k1)).isEqualTo(SipHash13Reference.hash(new byte[] {0, 1, 2, 3}, k0, k1));
    }

    @Test
    void destinationHashingUsesTheDestinationAddress() {
        VirtualService svc = service("dh", 1, 1);
        RealServer d = svc.scheduler().schedule(svc, syn("1.1.1.1", 1));
        int bucket = DestinationHashing.hashKey(Ip4.parse("10.96.0.10"));
        assertThat(d).isSameAs(svc.dests().get(bucket % 2));
        assertThat(svc.scheduler().schedule(svc, syn("2.2.2.2", 1))).isSameAs(d);
    }

    @Test
    void noUsableServerGivesNone() {
        for (String s : List.of("rr", "wrr", "lc", "wlc", "sed", "nq", "sh", "dh", "mh")) {
            assertThat(picks(service(s, 0, 0), 1)).as(s).containsExactly("-");
            assertThat(picks(service(s), 1)).as(s).containsExactly("-");
        }
    }
}
