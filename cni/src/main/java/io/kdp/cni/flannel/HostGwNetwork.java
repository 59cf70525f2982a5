package io.kdp.cni.flannel;

import io.kdp.cni.NodeNetwork;
import io.kdp.packet.Ip4;

/**
 * The host-gw backend (pkg/backend/hostgw, a RouteNetwork): no device and no encapsulation; each
 * remote subnet is routed to the remote node's address through the uplink
 * ({@code 10.244.1.0/24 via 192.168.49.3 dev eth0}), which needs the nodes on one L2 segment.
 */
final class HostGwNetwork implements BackendNetwork {
    private final NodeNetwork node;

    HostGwNetwork(NodeNetwork node) {
        this.node = node;
    }

    @Override
    public Lease register() {
        return new Lease(node.name(), node.podCidr(), node.nodeIp().address(), FlannelBackend.HOST_GW, null);
    }

    @Override
    public void leaseAdded(Lease remote) {
        if (!node.nodeIp().toNetwork().contains(remote.publicIp())) {
            // RouteNetwork: the kernel refuses a gateway that is not on-link ("Nexthop has invalid gateway").
            throw new IllegalArgumentException("flannel host-gw: node " + remote.node() + " (" + Ip4.format(remote.publicIp()) + ") is not on node "
                    + node.name() + "'s subnet " + node.nodeIp().toNetwork() + "; host-gw needs every node on one L2 segment (use vxlan)");
        }
        node.ns().route("replace " + remote.subnet() + " via " + Ip4.format(remote.publicIp()) + " dev " + node.uplink().name());
    }

    @Override
    public int mtu() {
        return node.uplink().mtu();
    }
}
