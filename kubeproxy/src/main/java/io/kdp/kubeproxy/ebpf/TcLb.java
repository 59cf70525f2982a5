package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.RouteType;
import io.kdp.linux.SkBuff;
import io.kdp.linux.bpf.TcAction;
import io.kdp.linux.bpf.TcContext;
import io.kdp.linux.bpf.TcProgram;
import io.kdp.linux.route.Route;
import io.kdp.linux.trace.Step;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;

/**
 * Cilium's per-packet service translation at tc, before netfilter:
 *
 * <ul>
 *   <li>{@code cil_from_netdev} on the node's uplink (bpf_host.c, nodeport.h nodeport_lb4): a packet
 *       to a routable frontend (NodePort on a node address, external IP, LoadBalancer IP) is
 *       load-balanced by lb4_local (its own conntrack, cilium_ct4_global, remembers the backend; a
 *       new connection picks one by affinity, Maglev or a random slot), DNATed, SNATed to the node
 *       address when the backend is on another node (kube-proxy replacement's default "SNAT"
 *       mode; the mapping lives in cilium_snat_v4_external), and sent on by bpf_fib_lookup and
 *       bpf_redirect_neigh: it never meets the host's IP stack or iptables. Replies are
 *       un-SNATed and reverse-translated (cilium_lb4_reverse_nat) on the same hook.</li>
 *   <li>{@code cil_from_container} on each pod's host-side interface (bpf_lxc.c): replies from a
 *       local backend are reverse-translated; with socket LB off, the pod's own packets to any
 *       frontend (ClusterIP included) are translated here, per packet.</li>
 * </ul>
 *
 * A frontend without backends is answered with ICMP port unreachable ({@code tail_no_service_ipv4},
 * --service-no-backend-response=reject) and dropped as "Service backend not found". ICMP is not
 * load-balanced. Simplifications: Cilium's conntrack state machine and timeouts per TCP state, DSR,
 * hairpin (loopback) translation and the NodePort egress program are not modelled; lookup misses on
 * this per-packet path are not traced.
 */
public final class TcLb {
    /** Cilium's CT lifetimes: CT_CONNECTION_LIFETIME_TCP (6 h established) and _NONTCP (60 s). */
    static final int LIFETIME_TCP = 21600, LIFETIME_NONTCP = 60;
    /** NODEPORT_PORT_MIN_NAT..MAX_NAT: the ports SNAT may use. */
    static final int SNAT_MIN = 32768, SNAT_MAX = 65535;

    private final Lb4 lb;
    private final int nodeIp;
    private final TcProgram fromNetdev = program("cil_from_netdev", this::fromNetdev);
    private final TcProgram fromContainer = program("cil_from_container", this::fromContainer);

    public TcLb(Lb4 lb, int nodeIp) {
        this.lb = lb;
        this.nodeIp = nodeIp;
    }

    /** The program for the node's uplink ingress. */
    public TcProgram fromNetdev() { return fromNetdev; }

    /** The program for a pod interface's ingress (traffic from the pod). */
    public TcProgram fromContainer() { return fromContainer; }

    private interface Body {
        TcAction run(TcContext ctx);
    }

    private static TcProgram program(String name, Body body) {
        return new TcProgram() {
            public String name() { return name; }
            public TcAction run(TcContext ctx) { return body.run(ctx); }
            @Override public String toString() { return name; }
        };
    }

    private static boolean balanced(Packet p) {
        return p.protocol() == IpProtocol.TCP || p.protocol() == IpProtocol.UDP;
    }

    private TcAction fromNetdev(TcContext ctx) {
        Packet p = ctx.frame();
        if (!balanced(p)) return TcAction.OK;
        NetNamespace ns = ctx.ns();
        // A reply to a connection this node SNATed: restore the client as destination, then reverse-translate.
        CtKey4 natKey = CtKey4.of(p.src(), p.srcPort(), p.dst(), p.dstPort(), p.protocol(), CtKey4.TUPLE_F_IN);
        NatEntry4 nat = lb.maps().snat().lookup(natKey);
        if (nat != null) {
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Lookup(lb.maps().snat().name(), natKey.toString(), nat.toString()));
            Packet q = p.withDestination(nat.toAddress(), nat.toPort());
            nat(ns, "tc rev-SNAT", p.dst(), p.dstPort(), q.dst(), q.dstPort());
            ctx.frame(revNat(ns, q));
            return forward(ctx);
        }
        if (reverseTranslated(ctx)) return forward(ctx);
        Lb4Key key = new Lb4Key(p.dst(), p.dstPort(), 0, p.protocol(), Lb4Key.SCOPE_EXT);
        Lb4Service svc = lb.maps().services().lookup(key);
        if (svc == null || (svc.flags() & ServiceFlags.ROUTABLE) == 0) return TcAction.OK; // ClusterIPs and surrogates are not reachable from outside
        return serve(ctx, key, lb.lookupService(ctx.ns(), key, true), true);
    }

    private TcAction fromContainer(TcContext ctx) {
        Packet p = ctx.frame();
        if (!balanced(p)) return TcAction.OK;
        if (reverseTranslated(ctx)) return forward(ctx);
        if (lb.config().socketLb()) return TcAction.OK; // connect() already chose the backend
        Lb4Key key = new Lb4Key(p.dst(), p.dstPort(), 0, p.protocol(), Lb4Key.SCOPE_EXT);
        // One lookup of the frontend (lb4_lookup_service), reused by lb4_local.
        Lb4Service svc = lb.lookupService(ctx.ns(), key, false);
        if (svc == null) return TcAction.OK;
        return serve(ctx, key, svc, false);
    }

    /** A reply of a translated connection: rewrites its source back to the frontend. */
    private boolean reverseTranslated(TcContext ctx) {
        Packet p = ctx.frame();
        Packet q = revNat(ctx.ns(), p);
        if (q == p) return false;
        ctx.frame(q);
        return true;
    }

    /** lb4_rev_nat via the CT entry of the connection this packet answers; the packet unchanged if there is none. */
    private Packet revNat(NetNamespace ns, Packet p) {
        CtKey4 orig = CtKey4.of(p.dst(), p.dstPort(), p.src(), p.srcPort(), p.protocol(), CtKey4.TUPLE_F_OUT);
        var ct = lb.maps().ct(p.protocol());
        CtEntry e = ct.lookup(orig);
        if (e == null || e.revNatIndex() == 0) return p;
        ct.update(orig, e.replied(Lb4.nowSec(ns) + lifetime(p)));
        Lb4ReverseNat rn = lb.maps().revNat().lookup(e.revNatIndex());
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), new Step.Lookup(ct.name(), orig.toString(), "reply, rev-nat " + e.revNatIndex()));
            ns.tracer().step(ns.name(), new Step.Lookup(lb.maps().revNat().name(), Integer.toString(e.revNatIndex()), rn == null ? "miss" : rn.toString()));
        }
        if (rn == null) return p;
        // A NodePort surrogate's rev-NAT has address 0: only the port is restored (the address is already the node's).
        int addr = rn.address() != 0 ? rn.address() : p.src();
        Packet q = p.withSource(addr, rn.port());
        nat(ns, "tc rev-DNAT", p.src(), p.srcPort(), q.src(), q.srcPort());
        return q;
    }

    /** lb4_local, the DNAT, the SNAT for remote backends on the uplink, and the redirect. */
    private TcAction serve(TcContext ctx, Lb4Key key, Lb4Service svc, boolean fromOutside) {
        NetNamespace ns = ctx.ns();
        Packet p = ctx.frame();
        if (svc.count() == 0) return noService(ctx, key);
        CtKey4 svcTuple = CtKey4.of(p.src(), p.srcPort(), p.dst(), p.dstPort(), p.protocol(), CtKey4.TUPLE_F_SERVICE);
        var ct = lb.maps().ct(p.protocol());
        int now = Lb4.nowSec(ns);
        CtEntry entry = ct.lookup(svcTuple);
        Lb4Backend backend = null;
        int backendId = 0;
        boolean affinity = (svc.flags() & ServiceFlags.AFFINITY) != 0;
        if (entry != null && entry.revNatIndex() == svc.revNatIndex()) {
            backendId = entry.backendId();
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Lookup(ct.name(), svcTuple.toString(), "hit, backend id " + backendId));
            backend = lb.backend(ns, backendId);
            if (backend != null) ct.update(svcTuple, entry.sent(now + lifetime(p)));
        }
        if (backend == null) {
            if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Lookup(ct.name(), svcTuple.toString(), "miss -> new entry"));
            backendId = affinity ? lb.affinityBackend(ns, svc, Integer.toUnsignedLong(p.src()), false) : 0;
            backend = backendId != 0 ? lb.backend(ns, backendId) : null;
            if (backend == null) {
                backendId = lb.selectBackendId(ns, key, svc, p.src(), p.dst(), p.srcPort(), p.dstPort());
                backend = lb.backend(ns, backendId);
            }
            if (backend == null) return noService(ctx, key);
            ct.update(svcTuple, new CtEntry(0, 1, now + lifetime(p), svc.revNatIndex(), backendId));
        }
        if (affinity) lb.updateAffinity(ns, svc, Integer.toUnsignedLong(p.src()), false, backendId);
        Packet q = p.withDestination(backend.address(), backend.port());
        nat(ns, "tc DNAT", p.dst(), p.dstPort(), q.dst(), q.dstPort());
        // The CT entry of the backend connection carries the rev-NAT index for the replies.
        CtKey4 egress = CtKey4.of(q.src(), q.srcPort(), q.dst(), q.dstPort(), q.protocol(), CtKey4.TUPLE_F_OUT);
        CtEntry e = ct.lookup(egress);
        ct.update(egress, e == null ? new CtEntry(0, 1, now + lifetime(p), svc.revNatIndex(), 0) : e.sent(now + lifetime(p)));
        if (fromOutside && !lb.maps().isLocalEndpoint(backend.address())) q = snat(ns, q);
        ctx.frame(q);
        return forward(ctx);
    }

    /** SNAT to the node address for a backend on another node (snat_v4_nat): keeps the client's port when it is free and in range. */
    private Packet snat(NetNamespace ns, Packet q) {
        CtKey4 out = CtKey4.of(q.src(), q.srcPort(), q.dst(), q.dstPort(), q.protocol(), CtKey4.TUPLE_F_OUT);
        var snat = lb.maps().snat();
        NatEntry4 have = snat.lookup(out);
        int port;
        if (have != null) {
            port = have.toPort();
        } else {
            int span = SNAT_MAX - SNAT_MIN + 1;
            port = q.srcPort() >= SNAT_MIN ? q.srcPort() : SNAT_MIN + ns.random().nextInt(span);
            for (int i = 0; i < span && snat.contains(CtKey4.of(q.dst(), q.dstPort(), nodeIp, port, q.protocol(), CtKey4.TUPLE_F_IN)); i++) {
                port = port == SNAT_MAX ? SNAT_MIN : port + 1;
            }
            long created = Lb4.nowSec(ns);
            snat.update(out, new NatEntry4(created, nodeIp, port));
            snat.update(CtKey4.of(q.dst(), q.dstPort(), nodeIp, port, q.protocol(), CtKey4.TUPLE_F_IN), new NatEntry4(created, q.src(), q.srcPort()));
        }
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Lookup(snat.name(), out.toString(), (have == null ? "miss -> new entry " : "") + Ip4.format(nodeIp) + ":" + port));
        Packet r = q.withSource(nodeIp, port);
        nat(ns, "tc SNAT", q.src(), q.srcPort(), r.src(), r.srcPort());
        return r;
    }

    /** bpf_fib_lookup, the TTL decrement of ipv4_l3, and bpf_redirect_neigh. */
    private TcAction forward(TcContext ctx) {
        NetNamespace ns = ctx.ns();
        Packet p = ctx.frame();
        Route r = ns.fib().lookup(p.dst(), p.src(), 0, ctx.dev().name(), null);
        if (r == null || r.type() != RouteType.UNICAST) return TcAction.OK; // local or unroutable: let the stack decide
        NetDevice out = ns.device(r.dev());
        if (out == null) return TcAction.OK;
        if (p.ipv4().ttl() <= 1) return ctx.drop("TTL exceeded", false);
        ctx.frame(p.withIpv4(p.ipv4().withTtl(p.ipv4().ttl() - 1)));
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Note("bpf_fib_lookup " + Ip4.format(p.dst()) + ": " + r.toString().trim() + "; bpf_redirect_neigh to " + out.name()));
        return ctx.redirectNeigh(out, r.gateway());
    }

    private TcAction noService(TcContext ctx, Lb4Key key) {
        NetNamespace ns = ctx.ns();
        boolean reject = lb.config().noBackendReject();
        if (reject) ns.sendIcmpError(new SkBuff(ns, ctx.frame().withEthernet(null), ctx.dev()), IcmpHeader.DEST_UNREACHABLE, IcmpHeader.PORT_UNREACHABLE);
        return ctx.drop("Service backend not found (" + key + ")", reject);
    }

    private static int lifetime(Packet p) {
        return p.protocol() == IpProtocol.TCP ? LIFETIME_TCP : LIFETIME_NONTCP;
    }

    private static void nat(NetNamespace ns, String type, int ip, int port, int ip2, int port2) {
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Nat(type, Ip4.format(ip) + ":" + port, Ip4.format(ip2) + ":" + port2));
    }
}
