package io.kdp.linux.iptables;

import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.RouteType;
import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.NatRange;
import io.kdp.linux.conntrack.NatType;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.HookEntry;
import io.kdp.linux.netfilter.HookFunction;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.linux.trace.Tracer;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A recording x_tables environment: no stack, a seeded random source, a settable clock. */
final class TestEnv implements XtEnvironment {
    final List<String> calls = new ArrayList<>();
    final List<Step> steps = new ArrayList<>();
    final Map<Integer, RouteType> addressTypes = new HashMap<>();
    final List<String> registrations = new ArrayList<>();
    final Map<Hook, HookFunction> natFunctions = new HashMap<>();
    SplittableRandom random = new SplittableRandom(42);
    long nanos;
    boolean tracing;
    Verdict natVerdict = Verdict.ACCEPT;

    final Tracer tracer = new Tracer() {
        @Override
        public boolean enabled() {
            return tracing;
        }

        @Override
        public void step(String host, Step step) {
            steps.add(step);
        }
    };

    @Override
    public String host() { return "test"; }

    @Override
    public Tracer tracer() { return tracer; }

    @Override
    public long nanos() { return nanos; }

    @Override
    public int random32() { return random.nextInt(); }

    @Override
    public RouteType addressType(int ip, NetDevice dev) {
        return addressTypes.getOrDefault(ip, RouteType.UNICAST);
    }

    @Override
    public void sendIcmpError(SkBuff skb, int type, int code) { calls.add("icmp " + type + "/" + code); }

    @Override
    public void sendTcpReset(SkBuff skb) { calls.add("tcp-reset"); }

    @Override
    public Verdict natSetup(SkBuff skb, NatType type, NatRange range) {
        calls.add(type + " " + range);
        return natVerdict;
    }

    @Override
    public Verdict masquerade(SkBuff skb, NatRange range) {
        calls.add("MASQUERADE " + range);
        return natVerdict;
    }

    @Override
    public int redirectAddress(SkBuff skb, Hook hook) {
        return hook == Hook.OUTPUT ? Ip4.parse("127.0.0.1") : Ip4.parse("10.0.0.1");
    }

    @Override
    public void registerHook(HookEntry entry) {
        registrations.add(entry.hook() + " " + entry.priority() + " " + entry.owner());
    }

    @Override
    public void registerNatFunction(Hook hook, int priority, String owner, HookFunction function) {
        registrations.add("nat-fn " + hook + " " + priority + " " + owner);
        natFunctions.put(hook, function);
    }

    // ---- packet helpers ----

    static final NetNamespace NS = new NetNamespace("devs", new Backlog(new Clock(0)), 1);

    /** A device to hang -i/-o on. */
    static NetDevice dev(String name) {
        return new NetDevice(NS, name, null, 1500) {
            @Override
            public String kind() { return ""; }

            @Override
            protected void transmit(Packet frame, Backlog backlog) {}
        };
    }

    static Packet tcp(String src, int sport, String dst, int dport, int flags) {
        return new Packet(null, Ipv4Header.of(IpProtocol.TCP, Ip4.parse(src), Ip4.parse(dst), 1),
                new TcpHeader(sport, dport, 1000, 0, flags, TcpHeader.DEFAULT_WINDOW), null);
    }

    static Packet udp(String src, int sport, String dst, int dport) {
        return new Packet(null, Ipv4Header.of(IpProtocol.UDP, Ip4.parse(src), Ip4.parse(dst), 1), new UdpHeader(sport, dport), null);
    }

    static SkBuff skb(Packet p) {
        return new SkBuff(null, p, null);
    }

    static SkBuff skb(Packet p, String in, String out) {
        SkBuff s = new SkBuff(null, p, in == null ? null : dev(in));
        if (out != null) s.outDev(dev(out));
        return s;
    }
}
