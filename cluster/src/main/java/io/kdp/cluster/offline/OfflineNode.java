package io.kdp.cluster.offline;

import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.Outcome;
import io.kdp.linux.SkBuff;
import io.kdp.linux.Sysctls;
import io.kdp.linux.VethDevice;
import io.kdp.linux.conntrack.ConntrackEntry;
import io.kdp.linux.conntrack.ConntrackTuple;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.Cidr;
import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.Packet;

/**
 * A synthetic node built from a real node's dump ({@link OfflineRuleset}: iptables-save, nft list ruleset), on
 * which one packet is traced through the real emulated kernel: a fresh {@link NetNamespace} ({@code node}) whose
 * {@code eth0} holds the node addresses as /32s, with {@code ip_forward=1} and a default route via a gateway in a
 * second namespace ({@code world}, at the far end of the veth, which answers ARP). Conntrack, the {@code recent}
 * lists and IPVS's connection table start empty, so the packet is the first of a NEW connection.
 *
 * <p>A packet from a local address (a node address or 127.0.0.0/8) is sent by a socket and takes
 * the OUTPUT path; any other arrives on {@code eth0} at PREROUTING. The stack then routes it to
 * INPUT or FORWARD and POSTROUTING, consulting every table and chain in the kernel's order.
 */
final class OfflineNode {
    /** The world's end of the link, the node's default gateway (link-local, so unlikely to clash with traced addresses). */
    static final int GATEWAY = Ip4.parse("169.254.0.1");
    static final String NODE = "node";
    static final String WORLD = "world";

    private final NetNamespace node;
    private final VethDevice eth0;
    private final Backlog backlog;
    private final PathObserver observer = new PathObserver();
    private final OfflineRuleset ruleset;
    private final StepRecorder recorder;

    /**
     * Builds the node and loads the dumps: the ruleset's node state, the request's sysctls, then its rules.
     *
     * @throws IllegalArgumentException for an unknown sysctl, or the ruleset's parse exception naming file and line
     */
    OfflineNode(TraceRequest request, OfflineRuleset ruleset) {
        this.ruleset = ruleset;
        backlog = new Backlog(new Clock(0));
        node = new NetNamespace(NODE, backlog, request.seed());
        recorder = new StepRecorder(NODE, observer, ruleset.stepLines(node));
        backlog.tracer(recorder);
        NetNamespace world = new NetNamespace(WORLD, backlog, request.seed());
        eth0 = VethDevice.pair(node, "eth0", node.randomMac("eth0"), world, "eth0", world.randomMac("eth0"), 1500);
        for (int ip : request.nodeIps()) node.addAddress(eth0, Cidr.host(ip));
        world.addAddress(eth0.peer(), Cidr.host(GATEWAY));
        node.setUp(eth0);
        world.setUp(eth0.peer());
        node.route("add default via " + Ip4.format(GATEWAY) + " dev eth0 onlink");
        node.sysctls().set("net.ipv4.ip_forward", "1");
        ruleset.loadState(node);
        for (var e : request.sysctls().entrySet()) {
            if (!Sysctls.isKnown(e.getKey())) throw new IllegalArgumentException("--sysctl " + e.getKey() + ": not a sysctl kdp models");
            node.sysctls().set(e.getKey(), e.getValue());
        }
        ruleset.load(node, request);
        observer.register(node.netfilter());
    }

    /** Draws from the node's own seeded random source, the one the ruleset draws from by default. */
    PathDraws randomDraws() {
        return ruleset.randomDraws(node.random());
    }

    /** Sends the packet along its path with {@code draws} answering the ruleset's random draws, and reports how it ended (probability from the draws). */
    TraceOutcome run(TracePacket packet, PathDraws draws) {
        draws.install(node);
        Packet p = packet.toPacket();
        if (node.isLocalAddress(p.src())) {
            node.sendFromSocket(p);
        } else {
            node.inject(eth0, p.withEthernet(new EthernetHeader(eth0.mac(), eth0.peer().mac(), EtherType.IPV4)));
        }
        backlog.drain();
        Outcome o = backlog.takeOutcome();
        SkBuff skb = observer.current();
        Verdict verdict;
        String ending;
        int mark;
        if (observer.ending() != null) {
            verdict = Verdict.ACCEPT;
            ending = observer.ending();
            mark = observer.endMark();
        } else {
            // a hook function that dropped the packet says why on its skb; the stack's own drops (martian,
            // rp_filter, no route) are the first outcome recorded, as no answer is generated before them
            boolean byHook = skb != null && skb.dropReason() != null;
            boolean rejected = byHook ? skb.rejected() : o != null && o.disposition() == Disposition.REJECTED;
            verdict = rejected ? Verdict.REJECT : Verdict.DROP;
            String reason = byHook ? skb.dropReason() : o == null ? "the packet vanished" : o.reason();
            if (byHook && rejected) recorder.rejectedBy(reason);
            ending = (rejected ? "rejected: " : "dropped: ") + reason;
            mark = skb == null ? 0 : skb.mark();
        }
        ConntrackEntry ct = skb == null ? null : skb.ct();
        IpvsDecision ipvs = recorder.ipvs();
        // IPVS's destination even when it leaves the packet untracked (net.ipv4.vs.conntrack=0)
        String dnat = ipvs != null && ipvs.destination() != null ? ipvs.destination() : dnat(ct);
        return new TraceOutcome(draws.probability(), verdict, dnat, masquerade(ct), mark, recorder.lines(), ending, ipvs);
    }

    /** The DNAT destination: the reply tuple's source, when it is not the original destination. */
    static String dnat(ConntrackEntry ct) {
        if (ct == null) return null;
        ConntrackTuple o = ct.original(), r = ct.reply();
        boolean ports = ConntrackTuple.hasPorts(o.protocol());
        if (r.src() == o.dst() && (!ports || r.srcPort() == o.dstPort())) return null;
        return Ip4.format(r.src()) + (ports ? ":" + r.srcPort() : "");
    }

    /** Whether source NAT was set up: the reply tuple's destination is not the original source. */
    static boolean masquerade(ConntrackEntry ct) {
        if (ct == null) return false;
        ConntrackTuple o = ct.original(), r = ct.reply();
        return r.dst() != o.src() || (ConntrackTuple.hasPorts(o.protocol()) && r.dstPort() != o.srcPort());
    }
}
