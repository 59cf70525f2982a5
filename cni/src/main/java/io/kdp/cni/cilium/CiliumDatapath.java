package io.kdp.cni.cilium;

import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.policy.Connection;
import io.kdp.k8s.policy.DirectionVerdict;
import io.kdp.k8s.policy.Outcome;
import io.kdp.k8s.policy.PolicyEngine;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.bpf.TcAction;
import io.kdp.linux.bpf.TcContext;
import io.kdp.linux.bpf.TcProgram;
import io.kdp.linux.trace.Step;
import io.kdp.linux.tunnel.TunnelKey;
import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import java.util.Map;

/**
 * The BPF programs of one Cilium node, attached to tc hooks:
 *
 * <ul>
 *   <li>{@code cil_from_container} on each {@code lxc*} ingress (bpf_lxc.c handle_ipv4_from_lxc):
 *       conntrack, the endpoint's egress policy for new connections (peer identity from the
 *       ipcache), then local delivery to an endpoint of this node, or in tunnel mode
 *       encapsulation: the tunnel endpoint from the destination's ipcache entry, else from
 *       cilium_tunnel_map by the destination's pod CIDR; the tunnel key (VNI = the source
 *       endpoint's identity, remote = that node, TTL 64, zero UDP checksum) is set and the frame
 *       redirected to cilium_vxlan. Everything else goes up the host's stack.</li>
 *   <li>{@code cil_from_overlay} on cilium_vxlan ingress (bpf_overlay.c): the source identity is
 *       the VNI; local endpoints get the frame by local delivery.</li>
 *   <li>{@code cil_from_netdev} on the node's uplink ingress (bpf_host.c): a packet to a local
 *       endpoint (native routing) is delivered with the source's identity from the ipcache.</li>
 *   <li>{@code cil_from_host} on cilium_host egress (bpf_host.c): the host's own packets to local
 *       endpoints (identity host) and, in tunnel mode, to other nodes' pods (encapsulated with
 *       VNI 6, the host being a remote node to the receiver).</li>
 * </ul>
 *
 * Local delivery (lib/local_delivery.h) decrements the TTL and rewrites the MACs (ipv4_l3: the
 * host-side device's MAC as source, the pod's as destination), tail-calls the destination
 * endpoint's policy program, which checks conntrack and, for a new connection, the endpoint's
 * ingress policy by source identity, dropping with "Policy denied" when no entry allows it, and
 * redirects the frame to the endpoint's {@code lxc*} device (bpf_redirect: out of the host side,
 * into the pod's eth0). When tracing, each policy decision is also named after the NetworkPolicy
 * rule that produced the entry, as the PolicyEngine evaluates the connection.
 *
 * <p>Simplifications: the datapath checks policy only for new connections and keeps no per-state
 * timeouts; ICMP errors, L7 proxies, fragments, masquerading to the world, and the ARP responder
 * (the host's own ARP answers for the router IP) are not modelled.
 */
final class CiliumDatapath {
    /** The identity cilium_host's traffic carries in the VNI (LOCAL_NODE_ID: seen as remote-node by the receiver). */
    static final int LOCAL_NODE_ID = Identities.REMOTE_NODE;
    static final int TUNNEL_TTL = 64;

    private final CiliumNode node;
    private final PolicyEngine engine;
    private final Map<String, EndpointInfo> byDevice;
    private final TcProgram fromContainer = program("cil_from_container", this::fromContainer);
    private final TcProgram fromOverlay = program("cil_from_overlay", this::fromOverlay);
    private final TcProgram fromNetdev = program("cil_from_netdev", this::fromNetdev);
    private final TcProgram fromHost = program("cil_from_host", this::fromHost);

    CiliumDatapath(CiliumNode node, PolicyEngine engine, Map<String, EndpointInfo> byDevice) {
        this.node = node;
        this.engine = engine;
        this.byDevice = byDevice;
    }

    TcProgram fromContainer() { return fromContainer; }
    TcProgram fromOverlay() { return fromOverlay; }
    TcProgram fromNetdev() { return fromNetdev; }
    TcProgram fromHost() { return fromHost; }

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

    private TcAction fromContainer(TcContext ctx) {
        Packet p = ctx.frame();
        EndpointInfo src = byDevice.get(ctx.dev().name());
        if (src == null || p.ipv4() == null) return TcAction.OK;
        NetNamespace ns = ctx.ns();
        RemoteEndpointInfo dstInfo = ipcache(ns, p.dst());
        int dstId = dstInfo == null ? Identities.WORLD : dstInfo.identity();
        CiliumConntrack.State st = ct(ns, p, true);
        if (st == CiliumConntrack.State.NEW) {
            if (!policy(ns, node.policies().get(src.endpointId()), src, dstId, p, true)) {
                return ctx.drop("Policy denied (egress of endpoint " + src.endpointId() + " " + src.pod() + ")", false);
            }
            node.conntrack().create(p, true);
        }
        EndpointInfo local = endpoint(ns, p.dst());
        if (local != null) return localDelivery(ctx, p, src.identity(), local);
        if (node.vxlan() != null) {
            int remote = tunnelEndpoint(ns, p.dst(), dstInfo);
            if (remote != 0) return encap(ctx, src.identity(), remote);
        }
        return TcAction.OK;
    }

    private TcAction fromOverlay(TcContext ctx) {
        Packet p = ctx.frame();
        if (p.ipv4() == null || node.vxlan() == null) return TcAction.OK;
        NetNamespace ns = ctx.ns();
        TunnelKey key = node.vxlan().tunnelKeyOf(p);
        int srcId = key == null ? Identities.WORLD : key.vni();
        if (srcId == Identities.HOST) srcId = Identities.REMOTE_NODE; // another node's host is a remote node here
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Note("cil_from_overlay: source identity " + srcId + " from VNI " + (key == null ? "?" : key.vni())));
        EndpointInfo local = endpoint(ns, p.dst());
        if (local == null) return TcAction.OK;
        return localDelivery(ctx, p, srcId, local);
    }

    private TcAction fromNetdev(TcContext ctx) {
        Packet p = ctx.frame();
        if (p.ipv4() == null || node.lxc().lookup(p.dst()) == null) return TcAction.OK;
        NetNamespace ns = ctx.ns();
        EndpointInfo local = endpoint(ns, p.dst());
        RemoteEndpointInfo srcInfo = ipcache(ns, p.src());
        return localDelivery(ctx, p, srcInfo == null ? Identities.WORLD : srcInfo.identity(), local);
    }

    private TcAction fromHost(TcContext ctx) {
        Packet p = ctx.frame();
        if (p.ipv4() == null) return TcAction.OK;
        NetNamespace ns = ctx.ns();
        if (node.lxc().lookup(p.dst()) != null) return localDelivery(ctx, p, Identities.HOST, endpoint(ns, p.dst()));
        if (node.vxlan() == null) return TcAction.OK;
        RemoteEndpointInfo dstInfo = ipcache(ns, p.dst());
        int remote = tunnelEndpoint(ns, p.dst(), dstInfo);
        return remote == 0 ? TcAction.OK : encap(ctx, LOCAL_NODE_ID, remote);
    }

    private RemoteEndpointInfo ipcache(NetNamespace ns, int address) {
        var e = node.ipcache().lookup(address);
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), new Step.Lookup(Ipcache.NAME, Ip4.format(address), e == null ? "miss" : e.getKey() + " " + e.getValue()));
        }
        return e == null ? null : e.getValue();
    }

    private EndpointInfo endpoint(NetNamespace ns, int address) {
        EndpointInfo ep = node.lxc().lookup(address);
        if (ep != null && ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), new Step.Lookup(CiliumNode.LXC_MAP, Ip4.format(address), "endpoint " + ep.endpointId() + " " + ep.pod() + " on " + ep.device()));
        }
        return ep;
    }

    /** The node to tunnel to: the ipcache entry's tunnel endpoint, else cilium_tunnel_map by the pod CIDR; 0 for none. */
    private int tunnelEndpoint(NetNamespace ns, int dst, RemoteEndpointInfo info) {
        if (info != null && info.tunnelEndpoint() != 0) return info.tunnelEndpoint();
        int mask = node.network().podCidr().prefixLength();
        int network = mask == 0 ? 0 : dst & (-1 << (32 - mask));
        TunnelMap.Value v = node.tunnelMap().map().lookup(new TunnelMap.Key(network));
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), new Step.Lookup(TunnelMap.NAME, new TunnelMap.Key(network).toString(), v == null ? "miss" : v.toString()));
        }
        return v == null ? 0 : v.nodeIp();
    }

    /** bpf_skb_set_tunnel_key then bpf_redirect to cilium_vxlan (encap_and_redirect_lxc). */
    private TcAction encap(TcContext ctx, int identity, int remote) {
        NetNamespace ns = ctx.ns();
        TunnelKey key = new TunnelKey(identity, remote, TUNNEL_TTL, true);
        node.vxlan().setTunnelKey(key);
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Note("bpf_skb_set_tunnel_key " + key + "; bpf_redirect to " + node.vxlan().name()));
        return ctx.redirect(node.vxlan());
    }

    /** ipv4_local_delivery, the tail call into the endpoint's policy program, and the redirect to its lxc device. */
    private TcAction localDelivery(TcContext ctx, Packet p, int srcId, EndpointInfo ep) {
        NetNamespace ns = ctx.ns();
        NetDevice dev = ns.device(ep.device());
        if (dev == null) return ctx.drop("endpoint " + ep.endpointId() + " has no device " + ep.device(), false);
        if (p.ipv4().ttl() <= 1) return ctx.drop("TTL exceeded", false);
        Packet q = p.withIpv4(p.ipv4().withTtl(p.ipv4().ttl() - 1)).withEthernet(new EthernetHeader(ep.mac(), ep.nodeMac(), EtherType.IPV4));
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Note("tail call cilium_call_policy[" + ep.endpointId() + "] (endpoint " + ep.pod() + ")"));
        if (ct(ns, q, false) == CiliumConntrack.State.NEW) {
            if (!policy(ns, node.policies().get(ep.endpointId()), ep, srcId, q, false)) {
                return ctx.drop("Policy denied (ingress of endpoint " + ep.endpointId() + " " + ep.pod() + ")", false);
            }
            node.conntrack().create(q, false);
        }
        ctx.frame(q);
        return ctx.redirect(dev);
    }

    private CiliumConntrack.State ct(NetNamespace ns, Packet p, boolean egress) {
        CiliumConntrack.State st = node.conntrack().lookup(p, egress);
        if (ns.tracer().enabled()) {
            String r = switch (st) {
                case NEW -> "miss (new connection)";
                case ESTABLISHED -> "established";
                case REPLY -> "reply";
            };
            ns.tracer().step(ns.name(), new Step.Lookup(CiliumConntrack.NAME, CiliumConntrack.describe(p, egress), r));
        }
        return st;
    }

    /** The policy map lookup for {@code ep} talking to {@code peerId}; true when allowed. */
    private boolean policy(NetNamespace ns, PolicyMap map, EndpointInfo ep, int peerId, Packet p, boolean egress) {
        if (map == null) return false;
        int dport = p.protocol() == IpProtocol.TCP || p.protocol() == IpProtocol.UDP || p.protocol() == IpProtocol.SCTP ? p.dstPort() : 0;
        var e = map.lookup(peerId, egress, p.protocol(), dport);
        boolean allowed = e != null && !e.getValue().deny();
        if (ns.tracer().enabled()) {
            PolicyKey asked = new PolicyKey(peerId, egress, p.protocol(), dport, dport == 0 ? 0 : 16);
            ns.tracer().step(ns.name(), new Step.Lookup(PolicyMap.name(map.endpointId()), asked.toString(),
                    e == null ? "miss: deny" : "allow (entry " + e.getKey() + ")"));
            name(ns, ep, p, egress, allowed);
        }
        return allowed;
    }

    /** Names the NetworkPolicy rule behind the decision (only for an endpoint some policy selects). */
    private void name(NetNamespace ns, EndpointInfo ep, Packet p, boolean egress, boolean allowed) {
        Protocol proto = p.protocol() == IpProtocol.TCP ? Protocol.TCP : p.protocol() == IpProtocol.UDP ? Protocol.UDP
                : p.protocol() == IpProtocol.SCTP ? Protocol.SCTP : null;
        if (proto == null || p.dstPort() < 1) {
            if (!allowed) ns.tracer().step(ns.name(), new Step.Policy("cilium", ep.pod(), egress ? "egress" : "ingress", "deny"));
            return;
        }
        Connection c = new Connection(engine.endFor(Ip4.format(p.src())), engine.endFor(Ip4.format(p.dst())), proto, p.dstPort());
        var v = engine.evaluate(c);
        DirectionVerdict d = egress ? v.egress() : v.ingress();
        String dir = egress ? "egress" : "ingress";
        if (allowed && d.outcome() == Outcome.ALLOWED_BY_RULE) {
            ns.tracer().step(ns.name(), new Step.Policy("cilium", d.rule().policyKey(), dir + "[" + d.rule().index() + "]", "allow"));
        } else if (!allowed) {
            String by = d.isolated() ? String.join(", ", d.selectingKeys()) : ep.pod();
            ns.tracer().step(ns.name(), new Step.Policy("cilium", by, dir, "deny"));
        }
    }
}
