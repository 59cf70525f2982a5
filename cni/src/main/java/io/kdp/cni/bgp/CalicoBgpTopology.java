package io.kdp.cni.bgp;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.List;

/**
 * The BGP sessions Calico's confd writes into each node's bird.cfg (confd templates
 * bird.cfg.template), built as a {@link BgpNetwork}:
 * <ul>
 *   <li>one speaker per node, AS 64512 by default, router ID = node IP;</li>
 *   <li>node-to-node mesh (BGPConfiguration nodeToNodeMeshEnabled, default on): iBGP between every
 *       pair of nodes that are not route reflectors, protocol {@code Mesh_<ip with _>};</li>
 *   <li>route reflectors: nodes with {@code spec.bgp.routeReflectorClusterID}; with a BGPPeer
 *       {@code peerSelector} selecting them, every node peers with every route reflector
 *       ({@code Node_<ip>} on both ends); a reflector marks a peer {@code rr client} unless the peer
 *       is a reflector of the same cluster ID;</li>
 *   <li>global BGPPeers (external routers): {@code Global_<ip>} on every node.</li>
 * </ul>
 * Nodes are taken in the given order (confd walks them sorted by name).
 */
public final class CalicoBgpTopology {
    /** Calico's default AS number (BGPConfiguration asNumber). */
    public static final long DEFAULT_AS = 64512;

    /** A node as Calico's BGP sees it. {@code rrClusterId} is 0 for a node that is not a route reflector. */
    public record Node(String name, Cidr ip, String uplink, int rrClusterId) {
        public static Node of(String name, String ipWithPrefix) {
            return new Node(name, Cidr.parse(ipWithPrefix), "eth0", 0);
        }

        /** The same node as a route reflector with this cluster ID (e.g. {@code 244.0.0.1}). */
        public Node routeReflector(String clusterId) {
            return new Node(name, ip, uplink, Ip4.parse(clusterId));
        }
    }

    /** A global BGPPeer: an external router at {@code ip} in {@code asn}. */
    public record ExternalPeer(String name, Cidr ip, long asn) {}

    private CalicoBgpTopology() {}

    /** The default: AS 64512, full mesh. */
    public static BgpNetwork fullMesh(List<Node> nodes) {
        return build(nodes, DEFAULT_AS, true, false, List.of());
    }

    /** Mesh disabled, every node peering with the route reflectors (BGPPeer peerSelector on the RR nodes). */
    public static BgpNetwork routeReflectors(List<Node> nodes) {
        return build(nodes, DEFAULT_AS, false, true, List.of());
    }

    /**
     * @param mesh          nodeToNodeMeshEnabled
     * @param peerWithRrs   a BGPPeer {@code nodeSelector: all(), peerSelector: <the RR nodes>}
     * @param externalPeers global BGPPeers
     */
    public static BgpNetwork build(List<Node> nodes, long asn, boolean mesh, boolean peerWithRrs, List<ExternalPeer> externalPeers) {
        BgpNetwork net = new BgpNetwork();
        List<BgpSpeaker> speakers = new ArrayList<>();
        for (Node n : nodes) speakers.add(net.add(new BgpSpeaker(n.name(), n.ip(), asn, n.ip().address(), n.rrClusterId(), n.uplink())));
        if (mesh) {
            for (int i = 0; i < speakers.size(); i++) {
                for (int j = i + 1; j < speakers.size(); j++) {
                    BgpSpeaker a = speakers.get(i), b = speakers.get(j);
                    // A route reflector ignores the mesh, and mesh nodes skip it.
                    if (a.isRouteReflector() || b.isRouteReflector()) continue;
                    net.connect(a, protocolName("Mesh_", b), false, b, protocolName("Mesh_", a), false);
                }
            }
        }
        if (peerWithRrs) {
            for (int i = 0; i < speakers.size(); i++) {
                for (int j = i + 1; j < speakers.size(); j++) {
                    BgpSpeaker a = speakers.get(i), b = speakers.get(j);
                    if (!a.isRouteReflector() && !b.isRouteReflector()) continue;
                    boolean aReflects = a.isRouteReflector() && a.clusterId() != b.clusterId();
                    boolean bReflects = b.isRouteReflector() && b.clusterId() != a.clusterId();
                    net.connect(a, protocolName("Node_", b), aReflects, b, protocolName("Node_", a), bReflects);
                }
            }
        }
        for (ExternalPeer p : externalPeers) {
            BgpSpeaker router = net.add(new BgpSpeaker(p.name(), p.ip(), p.asn()));
            for (BgpSpeaker s : speakers) net.connect(s, protocolName("Global_", router), false, router, s.name(), false);
        }
        return net;
    }

    /** {@code Mesh_192_168_49_3}: the prefix and the peer's address with dots as underscores. */
    public static String protocolName(String prefix, BgpSpeaker peer) {
        return prefix + Ip4.format(peer.address()).replace('.', '_');
    }
}
