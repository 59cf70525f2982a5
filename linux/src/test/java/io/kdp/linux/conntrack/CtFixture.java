package io.kdp.linux.conntrack;

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

/**
 * A namespace with conntrack and a recording tracer, and helpers that push packets through the
 * netfilter hooks in the order the stack will run them (the stack itself is not needed).
 */
final class CtFixture {
    static final long SEC = 1_000_000_000L;

    final Clock clock = new Clock(0);
    final Backlog backlog = new Backlog(clock);
    final NetNamespace ns;
    final Conntrack ct;
    final List<Step> steps = new ArrayList<>();

    CtFixture() {
        this(1);
    }

    CtFixture(long seed) {
        ns = new NetNamespace("n", backlog, seed);
        ns.conntrack().registerHooks(); // as a conntrack-using rule would (nf_ct_netns_get)
        ct = ns.conntrack();
        backlog.tracer(new Tracer() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void step(String host, Step step) {
                steps.add(step);
            }
        });
    }

    static int ip(String s) {
        return Ip4.parse(s);
    }

    static Packet tcp(String src, int sport, String dst, int dport, int flags, long seq, long ack) {
        return tcp(src, sport, dst, dport, flags, seq, ack, 0);
    }

    static Packet tcp(String src, int sport, String dst, int dport, int flags, long seq, long ack, int dataLen) {
        return new Packet(null, Ipv4Header.of(IpProtocol.TCP, ip(src), ip(dst), 0),
                new TcpHeader(sport, dport, seq, ack, flags, TcpHeader.DEFAULT_WINDOW), new Payload.Data(new byte[dataLen]));
    }

    static Packet udp(String src, int sport, String dst, int dport) {
        return new Packet(null, Ipv4Header.of(IpProtocol.UDP, ip(src), ip(dst), 0), new UdpHeader(sport, dport), Payload.Data.ascii("q"));
    }

    static Packet echo(String src, String dst, int id, int seq, boolean request) {
        IcmpHeader h = request ? IcmpHeader.echoRequest(id, seq) : IcmpHeader.echoReply(id, seq);
        return new Packet(null, Ipv4Header.of(IpProtocol.ICMP, ip(src), ip(dst), 0), h, Payload.Data.EMPTY);
    }

    static Packet icmpError(String src, String dst, int type, int code, Packet quoted) {
        return new Packet(null, Ipv4Header.of(IpProtocol.ICMP, ip(src), ip(dst), 0), new IcmpHeader(type, code, 0),
                new Payload.IcmpQuote(quoted));
    }

    /** A device for MASQUERADE's out interface. */
    NetDevice device(String name) {
        return new NetDevice(ns, name, null, 1500) {
            @Override
            public String kind() {
                return "test";
            }

            @Override
            protected void transmit(Packet frame, Backlog b) {}
        };
    }

    SkBuff skb(Packet p) {
        return new SkBuff(ns, p, null);
    }

    /** The hooks a forwarded packet meets: PREROUTING, FORWARD, POSTROUTING; stops at a non-ACCEPT verdict. */
    Verdict forward(SkBuff skb) {
        for (Hook h : new Hook[] {Hook.PREROUTING, Hook.FORWARD, Hook.POSTROUTING}) {
            Verdict v = ns.netfilter().run(h, skb);
            if (v != Verdict.ACCEPT) return v;
        }
        return Verdict.ACCEPT;
    }

    /** Forwards a packet and returns its skb. */
    SkBuff fwd(Packet p) {
        SkBuff skb = skb(p);
        forward(skb);
        return skb;
    }

    /** The hooks a locally delivered packet meets: PREROUTING, INPUT. */
    SkBuff deliver(Packet p) {
        SkBuff skb = skb(p);
        if (ns.netfilter().run(Hook.PREROUTING, skb) == Verdict.ACCEPT) ns.netfilter().run(Hook.INPUT, skb);
        return skb;
    }

    void advance(long nanos) {
        clock.advance(nanos);
    }

    <T extends Step> List<T> steps(Class<T> type) {
        return steps.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
