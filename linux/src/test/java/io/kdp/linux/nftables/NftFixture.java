package io.kdp.linux.nftables;

import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.Tracer;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import java.util.ArrayList;
import java.util.List;

/** A namespace with conntrack, an nftables ruleset and a recording tracer; packets pushed through its hooks. */
final class NftFixture {
    final Clock clock = new Clock(0);
    final Backlog backlog = new Backlog(clock);
    final NetNamespace ns;
    final Nftables nft;
    final List<Step> steps = new ArrayList<>();
    boolean tracing = true;

    NftFixture(long seed) {
        ns = new NetNamespace("node", backlog, seed);
        nft = new Nftables(ns);
        backlog.tracer(new Tracer() {
            @Override
            public boolean enabled() {
                return tracing;
            }

            @Override
            public void step(String host, Step step) {
                steps.add(step);
            }
        });
    }

    static Packet tcp(String src, int sport, String dst, int dport) {
        return new Packet(null, Ipv4Header.of(IpProtocol.TCP, Ip4.parse(src), Ip4.parse(dst), 0),
                new TcpHeader(sport, dport, 1000, 0, TcpHeader.SYN, TcpHeader.DEFAULT_WINDOW), Payload.Data.EMPTY);
    }

    static Packet udp(String src, int sport, String dst, int dport) {
        return new Packet(null, Ipv4Header.of(IpProtocol.UDP, Ip4.parse(src), Ip4.parse(dst), 0), new UdpHeader(sport, dport), Payload.Data.ascii("q"));
    }

    static Packet echo(String src, String dst) {
        return new Packet(null, Ipv4Header.of(IpProtocol.ICMP, Ip4.parse(src), Ip4.parse(dst), 0), IcmpHeader.echoRequest(1, 1), Payload.Data.EMPTY);
    }

    SkBuff skb(Packet p, NetDevice in) {
        return new SkBuff(ns, p, in);
    }

    /** Runs the hooks a packet for this host passes: PREROUTING, then INPUT if still accepted. */
    Verdict receive(SkBuff skb) {
        Verdict v = ns.netfilter().run(Hook.PREROUTING, skb);
        return v == Verdict.ACCEPT ? ns.netfilter().run(Hook.INPUT, skb) : v;
    }

    /** The texts of the nft steps recorded so far, then forgets all steps. */
    List<String> nftSteps() {
        List<String> out = new ArrayList<>();
        for (Step s : steps) if (s instanceof Step.NftRule || s instanceof Step.Nat) out.add(s.text());
        steps.clear();
        return out;
    }
}
