package io.kdp.cni.flannel;

import io.kdp.cni.NodeNetwork;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.tunnel.TunDevice;
import io.kdp.packet.Cidr;

/**
 * The udp backend (pkg/backend/udp): TUN device {@code flannel0} with MTU 28 below the uplink's,
 * the subnet's network address as a /32 and a route for the whole flannel network through it
 * ({@code 10.244.0.0/16 dev flannel0}, scope global as flanneld adds it); flanneld itself moves the
 * packets ({@link UdpProxy}), on UDP port 8285 of the node's address.
 */
final class UdpNetwork implements BackendNetwork {
    static final String DEVICE = "flannel0";

    private final NodeNetwork node;
    private final Cidr network;
    private TunDevice tun;
    private UdpProxy proxy;

    UdpNetwork(NodeNetwork node, Cidr network) {
        this.node = node;
        this.network = network;
    }

    @Override
    public Lease register() {
        NetNamespace ns = node.ns();
        tun = new TunDevice(ns, DEVICE, node.uplink().mtu() - FlannelBackend.UDP.overhead());
        proxy = new UdpProxy(ns, tun, node.nodeIp().address(), UdpProxy.PORT);
        ns.addAddress(tun, new Cidr(node.podCidr().network(), 32));
        ns.setUp(tun);
        ns.route("add " + network.toNetwork() + " dev " + DEVICE + " scope global");
        return new Lease(node.name(), node.podCidr(), node.nodeIp().address(), FlannelBackend.UDP, null);
    }

    @Override
    public void leaseAdded(Lease remote) {
        proxy.setRoute(remote.subnet(), remote.publicIp());
    }

    @Override
    public int mtu() {
        return tun.mtu();
    }

    UdpProxy proxy() {
        return proxy;
    }
}
