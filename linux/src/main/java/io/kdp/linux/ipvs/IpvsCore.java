package io.kdp.linux.ipvs;

import io.kdp.linux.LoopbackDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.AlterReply;
import io.kdp.linux.conntrack.ConntrackEntry;
import io.kdp.linux.conntrack.ConntrackTuple;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.linux.trace.Step;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;

/**
 * The IPVS packet path (ip_vs_core.c, ip_vs_xmit.c). {@link #inHook} handles client requests:
 * it finds the connection or schedules a new one, moves the TCP state, and for NAT servers rewrites
 * the destination and either hands the packet to the {@link IpvsTransmitter} (remote server:
 * NF_STOLEN) or lets it continue to local delivery (local server: NF_ACCEPT). {@link #outHook}
 * un-NATs replies of NAT servers. Both skip packets IPVS already handled ({@code ipvs_property}).
 *
 * <p>Sysctls read from the namespace ({@code net.ipv4.vs.*}): {@code conntrack} (keep conntrack
 * consistent instead of untracking), {@code expire_nodest_conn}, {@code expire_quiescent_template},
 * {@code conn_reuse_mode} (default 1). Not modelled: ICMP errors related to IPVS connections,
 * direct-routing and tunnel transmission (packets to such servers are dropped with a reason),
 * one-packet scheduling and the FTP helper.
 */
final class IpvsCore {
    private static final int FTPPORT = 21;
    private final Ipvs ipvs;
    private final NetNamespace ns;

    IpvsCore(Ipvs ipvs) {
        this.ipvs = ipvs;
        this.ns = ipvs.ns();
    }

    private static boolean handled(int protocol) {
        return protocol == IpProtocol.TCP || protocol == IpProtocol.UDP || protocol == IpProtocol.SCTP;
    }

    /** The {@code net.ipv4.vs.*} sysctls IpvsCore reads, spelt once (they are read per packet). */
    private static final String EXPIRE_NODEST_CONN = "net.ipv4.vs.expire_nodest_conn", CONN_REUSE_MODE = "net.ipv4.vs.conn_reuse_mode",
            CONNTRACK = "net.ipv4.vs.conntrack", EXPIRE_QUIESCENT_TEMPLATE = "net.ipv4.vs.expire_quiescent_template";

    private int sysctl(String key, int fallback) {
        return ns.sysctls().getInt(key, fallback);
    }

    /** ip_vs_in_hook. */
    Verdict inHook(SkBuff skb, Hook hook) {
        if (skb.ipvsProperty() || !ipvs.hasServices()) return Verdict.ACCEPT;
        Packet p = skb.packet();
        int proto = p.protocol();
        if (!handled(proto) || p.transport() == null) return Verdict.ACCEPT;
        long now = ns.clock().nanos();
        ConnectionTable table = ipvs.connections();
        IpvsConnection cp = table.inGet(proto, p.src(), p.srcPort(), p.dst(), p.dstPort(), now);
        TcpHeader tcp = p.tcp();
        boolean newConn = tcp != null && tcp.has(TcpHeader.SYN);
        if (cp != null && newConn) {
            Verdict reuse = reuse(skb, cp, now);
            if (reuse == Verdict.DROP) return reuse;
            if (reuse == Verdict.ACCEPT) cp = null; // schedule anew
        }
        boolean created = false;
        VirtualService svc = null;
        if (cp == null) {
            // tcp_conn_schedule: only a SYN (without RST) opens a connection; other protocols always may.
            if (tcp != null && (!tcp.has(TcpHeader.SYN) || tcp.has(TcpHeader.RST))) return Verdict.ACCEPT;
            svc = ipvs.find(skb.mark(), proto, p.dst(), p.dstPort());
            if (svc == null) return Verdict.ACCEPT;
            // Do not schedule replies from a local real server (packets without an input device or from lo).
            if ((skb.inDev() == null || skb.inDev() instanceof LoopbackDevice)
                    && table.inGet(proto, p.dst(), p.dstPort(), p.src(), p.srcPort(), now) != null) {
                return Verdict.ACCEPT;
            }
            cp = schedule(svc, skb, now);
            if (cp == null) return leave(svc, skb);
            created = true;
        }
        if (ns.tracer().enabled()) traceLookup(p, cp, svc, created);
        // Check the server status.
        if (!cp.dest().available()) {
            if (sysctl(EXPIRE_NODEST_CONN, 0) != 0) {
                cp.expireNow(now);
                table.rearmed(cp);
            }
            return skb.drop("IPVS: real server " + cp.dest().endpoint() + " of this connection was removed");
        }
        setState(cp, TcpState.Dir.INPUT, p);
        cp.restartTimer(now);
        table.rearmed(cp);
        return transmit(skb, cp, hook);
    }

    /**
     * is_new_conn_expected with conn_reuse_mode: a SYN for a connection in TIME_WAIT or CLOSE (not
     * controlled by a template) expires the old connection and schedules anew; if the packet's
     * conntrack entry is the old, confirmed one, the packet is dropped instead (the client retries).
     * Returns DROP to end here, ACCEPT to schedule a new connection, or null to keep {@code cp}.
     */
    private Verdict reuse(SkBuff skb, IpvsConnection cp, long now) {
        int mode = sysctl(CONN_REUSE_MODE, 1);
        boolean resched = false;
        boolean oldCt = false;
        if (sysctl(EXPIRE_NODEST_CONN, 0) != 0 && cp.dest().weight() == 0) {
            resched = true;
            oldCt = usesOldConntrack(cp, skb);
        } else if (mode != 0 && cp.control() == null && cp.protocol() == IpProtocol.TCP
                && (cp.tcpState() == TcpState.TIME_WAIT || cp.tcpState() == TcpState.CLOSE
                        || ((mode & 2) != 0 && cp.tcpState() == TcpState.FIN_WAIT && cp.forward() != ForwardMethod.MASQ))) {
            oldCt = usesOldConntrack(cp, skb);
            resched = cp.controlled() == 0 || !oldCt;
        }
        if (!resched) return null;
        if (!oldCt) cp.clearNfct();
        if (cp.controlled() == 0) {
            cp.expireNow(now);
            ipvs.connections().rearmed(cp);
            ipvs.connections().expire(now);
        }
        if (oldCt) return skb.drop("IPVS: SYN reuses a closing connection whose conntrack entry is still confirmed");
        return Verdict.ACCEPT;
    }

    private static boolean usesOldConntrack(IpvsConnection cp, SkBuff skb) {
        ConntrackEntry ct = skb.ct();
        return cp.nfct() && ct != null && ct.confirmed();
    }

    /** ip_vs_schedule (and ip_vs_sched_persist): a new connection, or null when no server is available. */
    private IpvsConnection schedule(VirtualService svc, SkBuff skb, long now) {
        Packet p = skb.packet();
        int proto = p.protocol();
        ServiceKey key = svc.key();
        boolean nfct = sysctl(CONNTRACK, 0) != 0;
        if (svc.persistent()) return schedulePersistent(svc, skb, now, nfct);
        if (!key.isFwmark() && p.dstPort() != key.port()) return null; // port zero needs persistence
        RealServer dest = svc.scheduler().schedule(svc, p);
        if (dest == null) return null;
        int dport = dest.port() != 0 ? dest.port() : p.dstPort();
        IpvsConnection cp = new IpvsConnection(proto, p.src(), p.srcPort(), p.dst(), p.dstPort(), dest, dport, false, nfct);
        cp.timeout(3);
        cp.restartTimer(now);
        ipvs.connections().add(cp);
        return cp;
    }

    private IpvsConnection schedulePersistent(VirtualService svc, SkBuff skb, long now, boolean nfct) {
        Packet p = skb.packet();
        ServiceKey key = svc.key();
        ServiceConfig cfg = svc.config();
        int snet = p.src() & cfg.netmask();
        int tProto = p.protocol(), tVaddr = p.dst(), tVport = 0;
        if (p.dstPort() == key.port()) {
            if (key.port() != FTPPORT) tVport = p.dstPort();
        } else if (key.isFwmark()) {
            tProto = 0; // IPPROTO_IP
            tVaddr = key.fwmark();
        }
        ConnectionTable table = ipvs.connections();
        ConnectionTable.Key tkey = ConnectionTable.templateKey(tProto, snet, tVaddr, tVport);
        IpvsConnection ct = table.template(tkey, now);
        RealServer dest;
        if (ct == null || !checkTemplate(ct)) {
            dest = svc.scheduler().schedule(svc, p);
            if (dest == null) return null;
            int tDport = p.dstPort() == key.port() ? dest.port() : 0;
            ct = new IpvsConnection(tProto, snet, 0, tVaddr, tVport, dest, tDport, true, false);
            ct.timeout(cfg.timeout());
            table.add(ct);
        } else {
            dest = ct.dest();
        }
        int dport = p.dstPort();
        if (dport == key.port() && dest.port() != 0) dport = dest.port();
        IpvsConnection cp = new IpvsConnection(p.protocol(), p.src(), p.srcPort(), p.dst(), p.dstPort(), dest, dport, false, nfct);
        cp.timeout(3);
        cp.restartTimer(now);
        cp.controlledBy(ct);
        ct.restartTimer(now);
        table.add(cp);
        table.rearmed(ct);
        return cp;
    }

    /** ip_vs_check_template: a template whose server went away (or is quiescent, if so configured) is dropped. */
    private boolean checkTemplate(IpvsConnection ct) {
        RealServer d = ct.dest();
        if (!d.available() || (sysctl(EXPIRE_QUIESCENT_TEMPLATE, 0) != 0 && d.weight() == 0)) {
            ipvs.connections().invalidate(ct);
            return false;
        }
        return true;
    }

    /** ip_vs_leave without cache bypass: ICMP port unreachable to the client, packet dropped. */
    private Verdict leave(VirtualService svc, SkBuff skb) {
        Packet p = skb.packet();
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), new Step.Lookup("ipvs", svc.key().toString(), svc.scheduler().name() + " -> no destination available"));
        }
        if (svc.key().port() == FTPPORT && p.dstPort() != FTPPORT) return Verdict.ACCEPT;
        ns.sendIcmpError(skb, IcmpHeader.DEST_UNREACHABLE, IcmpHeader.PORT_UNREACHABLE);
        skb.rejected(true);
        return skb.drop("IPVS: no destination available for " + svc.key());
    }

    /** ip_vs_set_state. */
    private static void setState(IpvsConnection cp, TcpState.Dir dir, Packet p) {
        if (cp.protocol() == IpProtocol.TCP) {
            TcpHeader t = p.tcp();
            if (t != null) cp.tcpTransition(dir, t.flags());
        } else {
            cp.timeout(IpvsConnection.UDP_TIMEOUT); // UDP (and SCTP, simplified): one state
        }
    }

    /** cp->packet_xmit. */
    private Verdict transmit(SkBuff skb, IpvsConnection cp, Hook hook) {
        if (cp.forward() != ForwardMethod.MASQ) {
            return skb.drop("IPVS " + cp.forward().display() + " forwarding to " + cp.dest().endpoint() + " is not modelled");
        }
        // ip_vs_nat_xmit
        boolean local = ns.isLocalAddress(cp.destAddress());
        boolean wasInput = hook == Hook.INPUT;
        if (local && Ip4.isLoopback(cp.destAddress()) && wasInput) {
            return skb.drop("ip_vs_nat_xmit(): stopping DNAT to loopback address");
        }
        Packet before = skb.packet();
        Packet after = before.withDestination(cp.destAddress(), cp.destPort());
        skb.packet(after);
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), new Step.Nat("IPVS DNAT", endpoint(before.dst(), before.dstPort()), endpoint(after.dst(), after.dstPort())));
        }
        // ip_vs_nat_send_or_cont
        skb.ipvsProperty(true);
        if (!cp.nfct()) notrack(skb);
        else updateConntrack(skb, cp, true);
        if (local) return Verdict.ACCEPT;
        IpvsTransmitter tx = ipvs.transmitter();
        if (tx == null) return skb.drop("IPVS: no transmitter wired into " + ns.name());
        tx.sendLocalOut(skb);
        return Verdict.STOLEN;
    }

    /** ip_vs_out_hook: a reply from a NAT real server gets the virtual address back as its source. */
    Verdict outHook(SkBuff skb, Hook hook) {
        if (skb.ipvsProperty() || !ipvs.hasServices()) return Verdict.ACCEPT;
        Packet p = skb.packet();
        int proto = p.protocol();
        if (!handled(proto) || p.transport() == null) return Verdict.ACCEPT;
        long now = ns.clock().nanos();
        IpvsConnection cp = ipvs.connections().outGet(proto, p.src(), p.srcPort(), p.dst(), p.dstPort(), now);
        if (cp == null || cp.forward() != ForwardMethod.MASQ) return Verdict.ACCEPT;
        // handle_response
        Packet after = p.withSource(cp.virtualAddress(), cp.virtualPort());
        skb.packet(after);
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), new Step.Lookup("ipvs", ServiceKey.protoName(proto) + " " + endpoint(p.src(), p.srcPort()) + " > " + endpoint(p.dst(), p.dstPort()),
                    "reply of conn " + endpoint(cp.virtualAddress(), cp.virtualPort()) + " -> " + cp.dest().endpoint() + " (" + cp.stateName() + ")"));
            ns.tracer().step(ns.name(), new Step.Nat("IPVS un-DNAT", endpoint(p.src(), p.srcPort()), endpoint(after.src(), after.srcPort())));
        }
        setState(cp, TcpState.Dir.OUTPUT, p);
        cp.restartTimer(now);
        ipvs.connections().rearmed(cp);
        skb.ipvsProperty(true);
        if (!cp.nfct()) notrack(skb);
        else updateConntrack(skb, cp, false);
        return Verdict.ACCEPT;
    }

    /** ip_vs_notrack: the packet leaves conntrack's view (IP_CT_UNTRACKED). */
    private static void notrack(SkBuff skb) {
        skb.ct(null, null);
        skb.untracked(true);
    }

    /**
     * ip_vs_update_conntrack: for a NAT connection whose conntrack entry is not yet confirmed and
     * the packet goes in the original direction, the expected reply is changed to come from the
     * real server (outin) or to go to the virtual address (replies of local servers).
     */
    private static void updateConntrack(SkBuff skb, IpvsConnection cp, boolean outin) {
        ConntrackEntry ct = skb.ct();
        if (ct == null || ct.confirmed() || skb.ctInfo() == null || skb.ctInfo().isReply()) return;
        ConntrackTuple reply = ct.reply();
        boolean ports = ConntrackTuple.hasPorts(reply.protocol());
        ConntrackTuple changed = outin
                ? reply.withSrc(cp.destAddress(), ports ? cp.destPort() : reply.srcPort())
                : reply.withDst(cp.virtualAddress(), ports ? cp.virtualPort() : reply.dstPort());
        AlterReply.alter(ct, changed);
    }

    private void traceLookup(Packet p, IpvsConnection cp, VirtualService svc, boolean created) {
        String key = ServiceKey.protoName(p.protocol()) + " " + endpoint(p.dst(), p.dstPort());
        String result;
        if (created) {
            IpvsConnection tmpl = cp.control();
            boolean fresh = tmpl == null || tmpl.controlled() == 1;
            result = (tmpl != null && !fresh ? "persistent template" : svc.scheduler().name()) + " -> " + cp.dest().endpoint() + " (new conn"
                    + (tmpl != null ? ", persistent " + svc.config().timeout() + "s" : "") + ")";
        } else {
            result = "existing conn -> " + cp.dest().endpoint() + " (" + cp.stateName() + ")";
        }
        ns.tracer().step(ns.name(), new Step.Lookup("ipvs", key, result));
    }

    private static String endpoint(int addr, int port) {
        return Ip4.format(addr) + ":" + port;
    }
}
