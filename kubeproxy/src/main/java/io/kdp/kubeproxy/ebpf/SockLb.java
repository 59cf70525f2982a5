package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.bpf.Cgroup;
import io.kdp.linux.bpf.CgroupAttachType;
import io.kdp.linux.bpf.SockAddrContext;
import io.kdp.linux.bpf.SockAddrProgram;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;

/**
 * Cilium's socket load balancer (bpf/bpf_sock.c), attached to a node's root cgroup so that it
 * covers the node's own sockets and every pod's:
 *
 * <ul>
 *   <li>{@code cil_sock4_connect} (connect4) and {@code cil_sock4_sendmsg} (sendmsg4, UDP):
 *       __sock4_xlate_fwd looks the destination up in cilium_lb4_services_v2 (falling back to the
 *       NodePort surrogate {@code 0.0.0.0:port} when the address is this host's own), fails the
 *       call with EHOSTUNREACH when the service has no backends, picks a backend (session affinity
 *       by network namespace cookie first, else slot {@code prandom % count + 1} for TCP or
 *       {@code socket cookie % count + 1} for UDP; Maglev is not used here), records the socket in
 *       cilium_lb4_reverse_sk, and rewrites the address, so no packet ever carries the service
 *       address.</li>
 *   <li>{@code cil_sock4_recvmsg} (recvmsg4) and {@code cil_sock4_getpeername} (getpeername4):
 *       __sock4_xlate_rev maps the backend back to the service address the application asked for,
 *       if the service still has that rev-NAT index and backends.</li>
 * </ul>
 * External IPs are translated only when they are this host's own addresses (sock4_skip_xlate).
 */
public final class SockLb {
    /** NODEPORT_PORT_MIN / MAX: Kubernetes' default NodePort range. */
    static final int NODEPORT_MIN = 30000, NODEPORT_MAX = 32767;

    private final Lb4 lb;
    private final NetNamespace node;
    private final SockAddrProgram connect = program("cil_sock4_connect", ctx -> forward(ctx, false));
    private final SockAddrProgram sendmsg = program("cil_sock4_sendmsg", ctx -> forward(ctx, true));
    private final SockAddrProgram recvmsg = program("cil_sock4_recvmsg", this::reverse);
    private final SockAddrProgram getpeername = program("cil_sock4_getpeername", this::reverse);

    public SockLb(Lb4 lb, NetNamespace node) {
        this.lb = lb;
        this.node = node;
    }

    /** Attaches the four programs to {@code root} (the node's cgroup2 root). */
    public void attach(Cgroup root) {
        root.attach(CgroupAttachType.INET4_CONNECT, connect);
        root.attach(CgroupAttachType.UDP4_SENDMSG, sendmsg);
        root.attach(CgroupAttachType.UDP4_RECVMSG, recvmsg);
        root.attach(CgroupAttachType.INET4_GETPEERNAME, getpeername);
    }

    /** Detaches them. */
    public void detach(Cgroup root) {
        root.detach(CgroupAttachType.INET4_CONNECT, connect);
        root.detach(CgroupAttachType.UDP4_SENDMSG, sendmsg);
        root.detach(CgroupAttachType.UDP4_RECVMSG, recvmsg);
        root.detach(CgroupAttachType.INET4_GETPEERNAME, getpeername);
    }

    private interface Body {
        int run(SockAddrContext ctx);
    }

    private static SockAddrProgram program(String name, Body body) {
        return new SockAddrProgram() {
            public String name() { return name; }
            public int run(SockAddrContext ctx) { return body.run(ctx); }
            @Override public String toString() { return name; }
        };
    }

    private int forward(SockAddrContext ctx, boolean udpOnly) {
        String err = xlateFwd(ctx, udpOnly);
        if ("EHOSTUNREACH".equals(err) || "ENOMEM".equals(err)) return SockAddrProgram.SYS_REJECT;
        return SockAddrProgram.SYS_PROCEED;
    }

    /** __sock4_xlate_fwd: null on success, else the errno it returns. */
    private String xlateFwd(SockAddrContext ctx, boolean udpOnly) {
        NetNamespace ns = ctx.ns();
        int proto = ctx.protocol();
        if (udpOnly && proto != IpProtocol.UDP) return "ENOTSUP";
        if (proto != IpProtocol.TCP && proto != IpProtocol.UDP) return "ENOTSUP";
        Lb4Key key = new Lb4Key(ctx.userIp4(), ctx.userPort(), 0, proto, Lb4Key.SCOPE_EXT);
        Lb4Key orig = key;
        Lb4Service svc = lb.maps().services().lookup(key);
        if (svc == null && ctx.userPort() >= NODEPORT_MIN && ctx.userPort() <= NODEPORT_MAX
                && (node.isLocalAddress(ctx.userIp4()) || ctx.hostNetns() && Ip4.isLoopback(ctx.userIp4()))) {
            // sock4_wildcard_lookup: a NodePort on one of this host's addresses uses the surrogate entry.
            Lb4Service wild = lb.maps().services().lookup(new Lb4Key(0, ctx.userPort(), 0, proto, Lb4Key.SCOPE_EXT));
            if (wild != null && (wild.flags() & ServiceFlags.NODEPORT) != 0) {
                key = new Lb4Key(0, ctx.userPort(), 0, proto, Lb4Key.SCOPE_EXT);
                svc = wild;
            }
        }
        if (svc == null) return "ENXIO";
        lb.lookupService(ns, key, false); // the trace line for the frontend entry
        if (svc.count() == 0) {
            ctx.retval("EHOSTUNREACH", "service " + orig + " has no backends (Service backend not found)");
            return "EHOSTUNREACH";
        }
        if ((svc.flags() & ServiceFlags.EXTERNAL_IP) != 0 && !node.isLocalAddress(orig.address())) return "EPERM";
        boolean affinity = (svc.flags() & ServiceFlags.AFFINITY) != 0;
        int backendId = affinity ? lb.affinityBackend(ns, svc, ctx.netnsCookie(), true) : 0;
        Lb4Backend backend = backendId != 0 ? lb.backend(ns, backendId) : null;
        boolean fromAffinity = backend != null;
        if (backend == null) {
            long selector = proto == IpProtocol.TCP ? Integer.toUnsignedLong(ns.random().nextInt()) : ctx.socketCookie();
            int slot = (int) (selector % svc.count()) + 1;
            backendId = lb.backendIdInSlot(ns, key, slot);
            if (backendId == 0) {
                ctx.retval("EHOSTUNREACH", "no backend in slot " + slot + " of " + orig);
                return "EHOSTUNREACH";
            }
            backend = lb.backend(ns, backendId);
        }
        if (backend == null) {
            ctx.retval("EHOSTUNREACH", "backend id " + backendId + " not found");
            return "EHOSTUNREACH";
        }
        if (affinity && !fromAffinity) lb.updateAffinity(ns, svc, ctx.netnsCookie(), true, backendId);
        // sock4_update_revnat
        SockRevNat4Key rk = new SockRevNat4Key(ctx.socketCookie(), backend.address(), backend.port());
        SockRevNat4Value rv = new SockRevNat4Value(orig.address(), orig.dport(), svc.revNatIndex());
        if (!rv.equals(lb.maps().reverseSk().lookup(rk))) lb.maps().reverseSk().update(rk, rv);
        ctx.userIp4(backend.address());
        ctx.userPort(backend.port());
        return null;
    }

    /** __sock4_xlate_rev. */
    private int reverse(SockAddrContext ctx) {
        NetNamespace ns = ctx.ns();
        SockRevNat4Key rk = new SockRevNat4Key(ctx.socketCookie(), ctx.userIp4(), ctx.userPort());
        SockRevNat4Value val = lb.maps().reverseSk().lookup(rk);
        if (val == null) return SockAddrProgram.SYS_PROCEED;
        Lb4Key key = new Lb4Key(val.address(), val.port(), 0, ctx.protocol(), Lb4Key.SCOPE_EXT);
        Lb4Service svc = lb.maps().services().lookup(key);
        if (svc == null) svc = lb.maps().services().lookup(new Lb4Key(0, val.port(), 0, ctx.protocol(), Lb4Key.SCOPE_EXT)); // NodePort surrogate
        boolean stale = svc == null || svc.revNatIndex() != val.revNatIndex() || svc.count() == 0;
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), new Step.Lookup(lb.maps().reverseSk().name(), rk.toString(), val + (stale ? " (stale, deleted)" : "")));
        }
        if (stale) {
            lb.maps().reverseSk().delete(rk);
            return SockAddrProgram.SYS_PROCEED;
        }
        ctx.userIp4(val.address());
        ctx.userPort(val.port());
        return SockAddrProgram.SYS_PROCEED;
    }
}
