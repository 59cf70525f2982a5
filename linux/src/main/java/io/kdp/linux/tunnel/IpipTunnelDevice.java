package io.kdp.linux.tunnel;

import io.kdp.linux.Backlog;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.ProtocolHandler;
import io.kdp.linux.SkBuff;
import io.kdp.linux.route.RtnetlinkException;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import java.util.ArrayList;
import java.util.List;

/**
 * An IP-in-IP tunnel (RFC 2003; net/ipv4/ipip.c over ip_tunnel.c), such as Calico's {@code tunl0}
 * with routes {@code 10.244.1.0/26 via 192.168.49.3 dev tunl0 onlink}. An IP-level device: no
 * link-layer header, no ARP.
 *
 * <p>Transmit (ip_tunnel_xmit): the outer destination is the tunnel's {@code remote}, or, when that is
 * {@code any} (tunl0), the next hop of the route that sent the packet into the tunnel (rt_nexthop:
 * the {@code via} gateway, else the inner destination). TTL 0 ("inherit") copies the inner TTL; the
 * outer DF is the tunnel's pmtudisc setting or'ed with the inner DF; the TOS is the tunnel's, with the
 * inner ECN bits (RFC 6040). The outer packet (protocol 4) goes through ip_local_out.
 *
 * <p>Receive (ipip_rcv): protocol 4 arriving after INPUT picks the tunnel whose remote/local match
 * the outer addresses, tunl0 (any/any) last; the inner packet is received on that device.
 */
public final class IpipTunnelDevice extends NetDevice {
    /** The outer IPv4 header. */
    public static final int HEADROOM = Ipv4Header.LENGTH;

    private final int local;
    private final int remote;
    private final int ttl;
    private final boolean pmtudisc;
    private final NetDevice underlay;
    private final IpIdents idents = new IpIdents();

    /**
     * {@code ip tunnel add NAME mode ipip [local L] [remote R] [ttl T] [nopmtudisc] [dev D]}.
     *
     * @param local    outer source, 0 for any (routing chooses)
     * @param remote   outer destination, 0 for any (the route's next hop)
     * @param ttl      outer TTL, 0 for inherit
     * @param pmtudisc set DF on every outer packet (the {@code ip tunnel} default; tunl0 has it off)
     * @param underlay bound underlay device or null; the MTU is its MTU minus 20, else 1480
     */
    public IpipTunnelDevice(NetNamespace ns, String name, int local, int remote, int ttl, boolean pmtudisc, NetDevice underlay) {
        super(ns, name, null, (underlay == null ? 1500 : underlay.mtu()) - HEADROOM);
        if (ttl < 0 || ttl > 255) throw TunnelSyntaxException.invarg("invalid TTL", Integer.toString(ttl));
        this.local = local;
        this.remote = remote;
        this.ttl = ttl;
        this.pmtudisc = pmtudisc;
        this.underlay = underlay;
        Demux.of(ns).add(this);
        ns.register(this);
    }

    /**
     * The fallback device the ipip module creates in every namespace ({@code ipip_fb_tunnel_init}):
     * {@code tunl0}, remote any, local any, TTL inherit, nopmtudisc, MTU 1480.
     */
    public static IpipTunnelDevice tunl0(NetNamespace ns) {
        return new IpipTunnelDevice(ns, "tunl0", 0, 0, 0, false, null);
    }

    public int local() { return local; }
    public int remote() { return remote; }
    public int ttl() { return ttl; }
    public boolean pmtudisc() { return pmtudisc; }

    @Override
    public String kind() {
        return "ipip ipip remote " + any(remote) + " local " + any(local) + (underlay == null ? "" : " dev " + underlay.name())
                + " ttl " + (ttl == 0 ? "inherit" : Integer.toString(ttl)) + (pmtudisc ? " pmtudisc" : " nopmtudisc");
    }

    private static String any(int a) {
        return a == 0 ? "any" : Ip4.format(a);
    }

    @Override
    protected void transmit(Packet frame, Backlog backlog) {
        transmit(frame, backlog, null);
    }

    /** ipip_tunnel_xmit / ip_tunnel_xmit. */
    @Override
    protected void transmit(Packet packet, Backlog backlog, SkBuff skb) {
        NetNamespace ns = ns();
        Packet inner = packet.withEthernet(null);
        int dst = remote;
        String how = "remote " + any(remote);
        if (dst == 0) {
            // NBMA tunnel: rt_nexthop(rt, inner daddr).
            int gw = skb == null ? 0 : skb.nextHop();
            dst = gw != 0 ? gw : inner.dst();
            how = gw != 0 ? "route via " + Ip4.format(gw) : "route to " + Ip4.format(dst) + " (no gateway)";
        }
        Ipv4Header in = inner.ipv4();
        int outerTtl = ttl != 0 ? ttl : in.ttl();
        int tos = TunnelEcn.encapsulate(0, in.tos());
        boolean df = pmtudisc || in.dontFragment();
        int mark = skb == null ? 0 : skb.mark();
        int src = local != 0 ? local : TunnelRoute.source(ns, dst, mark, underlay);
        Ipv4Header outerIp = new Ipv4Header(tos, idents.next(src, dst, IpProtocol.IPIP), df, outerTtl, IpProtocol.IPIP, src, dst);
        Packet outer = new Packet(null, outerIp, null, new Payload.Tunnel(null, inner));
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Encap(name(), outer.summary(), how));
        ns.sendFromTunnel(outer, mark, underlay);
    }

    /** ip_tunnel_rcv: ECN, then the inner packet is received on this device. */
    void receive(SkBuff skb, Packet inner) {
        NetNamespace ns = ns();
        Packet outer = skb.packet();
        int innerTos = TunnelEcn.decapsulate(outer.ipv4().tos(), inner.ipv4().tos());
        if (innerTos < 0) {
            VxlanDevice.drop(ns, "ipip " + name() + ": CE outer header over a non-ECT inner packet (RFC 6040)");
            return;
        }
        if (innerTos != inner.ipv4().tos()) inner = inner.withIpv4(VxlanDevice.withTos(inner.ipv4(), innerTos));
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Decap(name(), outer.summary()));
        ns.backlog().enqueue(this, inner.withEthernet(null));
    }

    /** The protocol 4 handler of one namespace (tunnel4 / ipip_rcv): finds the tunnel for the outer addresses. */
    static final class Demux implements ProtocolHandler {
        private final List<IpipTunnelDevice> tunnels = new ArrayList<>();

        static Demux of(NetNamespace ns) {
            ProtocolHandler h = ns.protocolHandler(IpProtocol.IPIP, 0);
            if (h instanceof Demux d) return d;
            if (h != null) throw new RtnetlinkException("RTNETLINK answers: Address already in use");
            Demux d = new Demux();
            ns.registerProtocolHandler(IpProtocol.IPIP, 0, d);
            return d;
        }

        void add(IpipTunnelDevice t) {
            for (IpipTunnelDevice o : tunnels) {
                if (o.local == t.local && o.remote == t.remote) throw new RtnetlinkException("add tunnel \"" + o.name() + "\" failed: File exists");
            }
            tunnels.add(t);
        }

        /** ip_tunnel_lookup: exact remote and local first, then remote only, then local only, then the any/any fallback; up devices only. */
        IpipTunnelDevice lookup(int src, int dst) {
            IpipTunnelDevice best = null;
            int bestScore = -1;
            for (IpipTunnelDevice t : tunnels) {
                if (!t.isUp()) continue;
                if (t.remote != 0 && t.remote != src) continue;
                if (t.local != 0 && t.local != dst) continue;
                int score = (t.remote != 0 ? 2 : 0) + (t.local != 0 ? 1 : 0);
                if (score > bestScore) {
                    best = t;
                    bestScore = score;
                }
            }
            return best;
        }

        @Override
        public void receive(SkBuff skb) {
            NetNamespace ns = skb.ns();
            Packet p = skb.packet();
            if (!(p.payload() instanceof Payload.Tunnel t) || t.header() != null) {
                VxlanDevice.drop(ns, "ipip: protocol 4 packet without an inner IPv4 packet");
                return;
            }
            IpipTunnelDevice dev = lookup(p.src(), p.dst());
            if (dev == null) {
                // tunnel4_rcv: no tunnel took it; the kernel answers port unreachable.
                ns.sendIcmpError(skb, io.kdp.packet.IcmpHeader.DEST_UNREACHABLE, io.kdp.packet.IcmpHeader.PORT_UNREACHABLE);
                VxlanDevice.drop(ns, "ipip: no tunnel for " + Ip4.format(p.src()) + " -> " + Ip4.format(p.dst()));
                return;
            }
            dev.receive(skb, t.inner());
        }
    }
}
