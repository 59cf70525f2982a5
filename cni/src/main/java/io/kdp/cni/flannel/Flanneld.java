package io.kdp.cni.flannel;

import io.kdp.cni.NodeNetwork;
import io.kdp.packet.Cidr;

/**
 * flanneld on one node (main.go with {@code --kube-subnet-mgr --ip-masq}): takes the node's podCIDR
 * as its lease, registers the backend's network (devices), installs the masquerade and forward
 * rules, writes subnet.env, and programs a path for every other node's lease it learns of.
 */
public final class Flanneld {
    private final NodeNetwork node;
    private final Cidr network;
    private final BackendNetwork backend;
    private Lease lease;
    private SubnetEnv env;

    Flanneld(NodeNetwork node, Cidr network, FlannelBackend type) {
        if (!network.contains(node.podCidr())) {
            throw new IllegalArgumentException("node " + node.name() + "'s podCIDR " + node.podCidr() + " is outside the flannel network " + network);
        }
        this.node = node;
        this.network = network.toNetwork();
        this.backend = switch (type) {
            case VXLAN -> new VxlanNetwork(node);
            case HOST_GW -> new HostGwNetwork(node);
            case UDP -> new UdpNetwork(node, this.network);
        };
    }

    /** Starts the daemon: backend devices, lease, iptables rules, subnet.env. */
    Lease start() {
        lease = backend.register();
        var ipt = node.ns().iptables();
        ipt.restore("flanneld", FlannelIptables.masqRules(network, lease.subnet()), true, false);
        ipt.restore("flanneld", FlannelIptables.forwardRules(network), true, false);
        // bridge-nf-call-iptables: kube-proxy's rules must see traffic between pods on cni0.
        node.ns().brNetfilter(true);
        env = new SubnetEnv(network, new Cidr(lease.subnet().network() + 1, lease.subnet().prefixLength()), backend.mtu(), true);
        return lease;
    }

    /** WatchLeases reported another node's lease. */
    void leaseAdded(Lease remote) {
        if (remote.backend() != lease.backend()) {
            // handleSubnetEvents: "ignoring non-vxlan subnet": a lease of another backend gets no path.
            return;
        }
        backend.leaseAdded(remote);
    }

    public NodeNetwork node() {
        return node;
    }

    /** This node's lease (null before start). */
    public Lease lease() {
        return lease;
    }

    /** /run/flannel/subnet.env (null before start). */
    public SubnetEnv subnetEnv() {
        return env;
    }

    /** The udp backend's proxy, or null for other backends. */
    public UdpProxy udpProxy() {
        return backend instanceof UdpNetwork u ? u.proxy() : null;
    }
}
