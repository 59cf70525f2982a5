package io.kdp.cluster.offline;

import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.Outcome;
import io.kdp.linux.SkBuff;
import io.kdp.linux.Sysctls;
import io.kdp.linux.VethDevice;
import io.kdp.linux.conntrack.ConntrackEntry;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.Cidr;
import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.Packet;

/**
 * The synthetic node of {@link OfflineNode} (same namespaces, addresses, route and sysctls) loaded with an
 * {@code nft list ruleset} dump (or any {@code nft -f} input) instead of an iptables-save dump: its base chains
 * attach to the netfilter hooks and the NAT core as the kernel attaches them, and {@code numgen random} draws
 * come from {@link NumgenDraws}.
 */
final class NftOfflineNode {
    private final NetNamespace node;
    private final VethDevice eth0;
    private final Backlog backlog;
    private final PathObserver observer = new PathObserver();
    private final NftRuleSteps recorder = new NftRuleSteps(OfflineNode.NODE, observer);

    /**
     * Builds the node and loads the ruleset.
     *
     * @throws io.kdp.linux.nftables.NftException naming file, line and columns when the ruleset does not load
     * @throws IllegalArgumentException for an unknown sysctl
     */
    NftOfflineNode(TraceRequest request) {
        backlog = new Backlog(new Clock(0));
        backlog.tracer(recorder);
        node = new NetNamespace(OfflineNode.NODE, backlog, request.seed());
        NetNamespace world = new NetNamespace(OfflineNode.WORLD, backlog, request.seed());
        eth0 = VethDevice.pair(node, "eth0", node.randomMac("eth0"), world, "eth0", world.randomMac("eth0"), 1500);
        for (int ip : request.nodeIps()) node.addAddress(eth0, Cidr.host(ip));
        world.addAddress(eth0.peer(), Cidr.host(OfflineNode.GATEWAY));
        node.setUp(eth0);
        world.setUp(eth0.peer());
        node.route("add default via " + Ip4.format(OfflineNode.GATEWAY) + " dev eth0 onlink");
        node.sysctls().set("net.ipv4.ip_forward", "1");
        for (var e : request.sysctls().entrySet()) {
            if (!Sysctls.isKnown(e.getKey())) throw new IllegalArgumentException("--sysctl " + e.getKey() + ": not a sysctl kdp models");
            node.sysctls().set(e.getKey(), e.getValue());
        }
        node.nftables().load(request.rulesSource(), request.rules());
        observer.register(node.netfilter());
    }

    /** Draws from the node's own seeded random source, the one numgen uses by default. */
    NumgenDraws randomDraws() {
        return NumgenDraws.random(node.random());
    }

    /** Sends the packet along its path with {@code draws} answering the numgen expressions, and reports how it ended. */
    TraceOutcome run(TracePacket packet, NumgenDraws draws) {
        node.nftables().numgenRandom(draws);
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
            boolean byHook = skb != null && skb.dropReason() != null;
            boolean rejected = byHook ? skb.rejected() : o != null && o.disposition() == Disposition.REJECTED;
            verdict = rejected ? Verdict.REJECT : Verdict.DROP;
            String reason = byHook ? skb.dropReason() : o == null ? "the packet vanished" : o.reason();
            if (byHook && rejected) recorder.rejectedBy(reason);
            ending = (rejected ? "rejected: " : "dropped: ") + reason;
            mark = skb == null ? 0 : skb.mark();
        }
        ConntrackEntry ct = skb == null ? null : skb.ct();
        return new TraceOutcome(draws.probability(), verdict, OfflineNode.dnat(ct), OfflineNode.masquerade(ct), mark, recorder.lines(), ending);
    }
}
