package io.kdp.linux.nftables;

import static io.kdp.linux.nftables.NftFixture.echo;
import static io.kdp.linux.nftables.NftFixture.tcp;
import static io.kdp.linux.nftables.NftFixture.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.packet.Ip4;
import io.kdp.packet.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evaluation of expressions, verdicts, policies and registration against a namespace's hooks. */
class NftEvalTest {
    private static final String FILTER = """
            table ip f {
            \tset allowed {
            \t\ttype ipv4_addr
            \t\tflags interval
            \t\telements = { 10.1.0.0/16, 192.168.5.1-192.168.5.9 }
            \t}
            \tset svc {
            \t\ttype ipv4_addr . inet_proto . inet_service
            \t\telements = { 10.96.0.10 . udp . 53 }
            \t}
            \tchain input {
            \t\ttype filter hook input priority filter; policy drop;
            \t\tip saddr @allowed tcp dport 22 accept comment "ssh"
            \t\tip daddr . meta l4proto . th dport @svc accept
            \t\tip saddr != 10.0.0.0/8 udp dport { 53, 5353 } accept
            \t\tmeta mark & 0x0000ff00 == 0x00000100 accept
            \t\tip protocol icmp icmp type echo-request accept
            \t\tiifname "l*" tcp dport 8080 accept
            \t\tfib daddr type local tcp dport 9090 accept
            \t\tct state established,related accept
            \t}
            }
            """;

    private Verdict input(NftFixture f, Packet p, int mark) {
        SkBuff skb = f.skb(p, f.ns.loopback());
        skb.mark(mark);
        return f.receive(skb);
    }

    @Test
    void matchesDecideAsTheKernelWould() {
        NftFixture f = new NftFixture(1);
        f.tracing = false;
        f.nft.load("filter.nft", FILTER);
        assertThat(input(f, tcp("10.1.2.3", 40000, "10.0.0.1", 22), 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(input(f, tcp("192.168.5.9", 40001, "10.0.0.1", 22), 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(input(f, tcp("192.168.5.10", 40002, "10.0.0.1", 22), 0)).isEqualTo(Verdict.DROP);
        assertThat(input(f, udp("10.2.0.1", 40003, "10.96.0.10", 53), 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(input(f, tcp("10.2.0.1", 40004, "10.96.0.10", 53), 0)).as("tcp is not in @svc").isEqualTo(Verdict.DROP);
        assertThat(input(f, udp("8.8.8.8", 40005, "10.0.0.1", 5353), 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(input(f, udp("10.3.0.1", 40006, "10.0.0.1", 5353), 0)).as("!= 10.0.0.0/8").isEqualTo(Verdict.DROP);
        assertThat(input(f, udp("10.3.0.1", 40007, "10.0.0.1", 1), 0x1ff)).as("mark & mask").isEqualTo(Verdict.ACCEPT);
        assertThat(input(f, udp("10.3.0.1", 40008, "10.0.0.1", 1), 0x2ff)).isEqualTo(Verdict.DROP);
        assertThat(input(f, echo("10.3.0.1", "10.0.0.1"), 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(input(f, tcp("10.3.0.1", 40009, "10.0.0.1", 8080), 0)).as("iifname lo matches l*").isEqualTo(Verdict.ACCEPT);
        assertThat(input(f, tcp("10.3.0.1", 40010, "127.0.0.1", 9090), 0)).as("fib daddr type local").isEqualTo(Verdict.ACCEPT);
        assertThat(input(f, tcp("10.3.0.1", 40011, "10.0.0.1", 9090), 0)).isEqualTo(Verdict.DROP);
    }

    @Test
    void ctStateSeesRepliesAsEstablished() {
        NftFixture f = new NftFixture(1);
        f.nft.load("filter.nft", FILTER);
        f.tracing = false;
        // An outgoing connection: OUTPUT creates the entry, POSTROUTING confirms it.
        SkBuff out = f.skb(tcp("127.0.0.1", 5555, "127.0.0.1", 7777), null);
        f.ns.netfilter().run(Hook.OUTPUT, out);
        f.ns.netfilter().run(Hook.POSTROUTING, out);
        f.tracing = true;
        assertThat(input(f, new Packet(null, tcp("127.0.0.1", 7777, "127.0.0.1", 5555).ipv4(),
                new io.kdp.packet.TcpHeader(7777, 5555, 1, 1001, io.kdp.packet.TcpHeader.SYN | io.kdp.packet.TcpHeader.ACK, 65535),
                io.kdp.packet.Payload.Data.EMPTY), 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(f.nftSteps()).containsExactly("nft ip f input: ct state established,related accept  => accept");
    }

    @Test
    void policyDropIsTracedAndExplained() {
        NftFixture f = new NftFixture(1);
        f.nft.load("filter.nft", FILTER);
        SkBuff skb = f.skb(tcp("10.9.9.9", 1234, "10.0.0.1", 23), f.ns.loopback());
        assertThat(f.receive(skb)).isEqualTo(Verdict.DROP);
        assertThat(skb.dropReason()).isEqualTo("nft ip f input: policy drop");
        assertThat(f.nftSteps()).containsExactly("nft ip f input: policy drop  => drop");
    }

    @Test
    void jumpGotoReturnAndMarkSet() {
        NftFixture f = new NftFixture(1);
        f.nft.load("jumps.nft", """
                table ip t {
                  chain input { type filter hook input priority 0; policy accept;
                    jump a
                    ip saddr 10.0.0.1 counter drop
                  }
                  chain a {
                    tcp dport 80 goto b
                    return
                    drop
                  }
                  chain b {
                    mark set mark or 0x4000
                  }
                }
                """);
        SkBuff skb = f.skb(tcp("10.0.0.1", 1000, "10.0.0.9", 80), f.ns.loopback());
        assertThat(f.ns.netfilter().run(Hook.INPUT, skb)).isEqualTo(Verdict.DROP);
        assertThat(skb.mark()).isEqualTo(0x4000);
        assertThat(skb.dropReason()).isEqualTo("nft ip t input: ip saddr 10.0.0.1 counter drop");
        assertThat(f.nftSteps()).containsExactly(
                "nft ip t input: jump a  => jump a",
                "nft ip t a: tcp dport 80 goto b  => goto b",
                "nft ip t b: meta mark set meta mark | 0x00004000",
                "nft ip t input: ip saddr 10.0.0.1 counter drop  => drop");

        SkBuff other = f.skb(tcp("10.0.0.2", 1000, "10.0.0.9", 81), f.ns.loopback());
        assertThat(f.ns.netfilter().run(Hook.INPUT, other)).isEqualTo(Verdict.ACCEPT);
        assertThat(f.nftSteps()).containsExactly(
                "nft ip t input: jump a  => jump a",
                "nft ip t a: return  => return",
                "nft ip t input: policy accept  => accept");
        assertThat(f.nft.listRuleset()).contains("\t\tip saddr 10.0.0.1 counter packets 1 bytes 40 drop\n");
    }

    @Test
    void baseChainsRegisterAtTheirHooksAndNatChainsWithTheNatCore() {
        NftFixture f = new NftFixture(1);
        f.nft.load("t.nft", """
                table ip t {
                  chain pre { type filter hook prerouting priority -110; }
                  chain dnat { type nat hook prerouting priority dstnat; }
                }
                table ip6 six { chain in { type filter hook input priority 0; policy drop; } }
                """);
        List<HookEntry> pre = f.ns.netfilter().entries(Hook.PREROUTING);
        assertThat(pre).extracting(e -> e.owner() + "@" + e.priority()).containsExactly("conntrack@-200", "nft ip t@-110", "nat@-100");
        assertThat(f.ns.conntrack().nat().natFunctions(Hook.PREROUTING)).extracting(HookEntry::owner).containsExactly("nft ip t");
        assertThat(f.ns.netfilter().entries(Hook.INPUT)).extracting(HookEntry::owner).doesNotContain("nft ip6 six");

        f.nft.load("delete table ip t");
        assertThat(f.ns.netfilter().entries(Hook.PREROUTING)).extracting(HookEntry::owner).containsExactly("conntrack");
        assertThat(f.ns.conntrack().nat().natFunctions(Hook.PREROUTING)).isEmpty();
    }

    @Test
    void numgenSpreadsEvenlyAndReproducibly() {
        int[] first = spread(42);
        assertThat(first[0] + first[1]).isEqualTo(1000);
        assertThat(first[0]).isBetween(430, 570);
        assertThat(spread(42)).containsExactly(first);
    }

    private int[] spread(long seed) {
        NftFixture f = new NftFixture(seed);
        f.tracing = false;
        f.nft.load("lb.nft", """
                table ip lb {
                  chain pre { type nat hook prerouting priority dstnat;
                    tcp dport 80 numgen random mod 2 vmap { 0 : goto a, 1 : goto b }
                  }
                  chain a { meta l4proto tcp dnat to 10.180.0.1:80 }
                  chain b { meta l4proto tcp dnat to 10.180.0.2:80 }
                }
                """);
        int[] counts = new int[2];
        for (int i = 0; i < 1000; i++) {
            SkBuff skb = f.skb(tcp("10.0.0.2", 10000 + i, "172.30.0.1", 80), f.ns.loopback());
            assertThat(f.ns.netfilter().run(Hook.PREROUTING, skb)).isEqualTo(Verdict.ACCEPT);
            counts[skb.packet().dst() == Ip4.parse("10.180.0.1") ? 0 : 1]++;
        }
        return counts;
    }

    @Test
    void rejectAnswersAndDrops() {
        NftFixture f = new NftFixture(1);
        f.nft.load("r.nft", "table ip r { chain in { type filter hook input priority 0; tcp dport 23 reject with tcp reset; udp dport 9 reject; } }");
        SkBuff skb = f.skb(tcp("127.0.0.1", 1000, "127.0.0.1", 23), f.ns.loopback());
        assertThat(f.receive(skb)).isEqualTo(Verdict.DROP);
        assertThat(skb.rejected()).isTrue();
        assertThat(skb.dropReason()).isEqualTo("nft ip r in: tcp dport 23 reject with tcp reset");
    }

    @Test
    void dynamicSetUpdateGivesAffinityUntilTimeout() {
        NftFixture f = new NftFixture(1);
        f.nft.load("a.nft", """
                add table ip kp
                add set ip kp aff { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
                add chain ip kp in { type filter hook input priority 0 ; }
                add rule ip kp in ip saddr @aff meta mark set 0x1
                add rule ip kp in update @aff { ip saddr }
                """);
        SkBuff first = f.skb(udp("10.0.0.7", 1, "10.0.0.1", 2), f.ns.loopback());
        f.ns.netfilter().run(Hook.INPUT, first);
        assertThat(first.mark()).isZero();
        SkBuff second = f.skb(udp("10.0.0.7", 1, "10.0.0.1", 2), f.ns.loopback());
        f.ns.netfilter().run(Hook.INPUT, second);
        assertThat(second.mark()).isEqualTo(1);
        f.clock.advance(10_000_000_000L);
        assertThat(f.nft.listRuleset()).contains("\t\telements = { 10.0.0.7 expires 2h59m50s }\n");
        f.clock.advance(10_800_000_000_000L);
        SkBuff late = f.skb(udp("10.0.0.7", 1, "10.0.0.1", 2), f.ns.loopback());
        f.ns.netfilter().run(Hook.INPUT, late);
        assertThat(late.mark()).as("expired").isZero();
    }
}
