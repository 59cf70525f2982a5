package io.kdp.cni.flannel;

import io.kdp.cni.NodeNetwork;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.neigh.NeighbourEntry;
import io.kdp.linux.neigh.NudState;
import io.kdp.linux.tunnel.VxlanConfig;
import io.kdp.linux.tunnel.VxlanDevice;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;

/**
 * The vxlan backend (pkg/backend/vxlan): device {@code flannel.1} (VNI 1, the kernel's default port
 * 8472, local address and underlay device the node's, learning off), MTU 50 below the uplink's,
 * holding the node subnet's network address as a /32. For each remote lease, in this order: a
 * permanent neighbour entry for the remote subnet's network address with the remote VTEP MAC, a
 * {@code self permanent} FDB entry sending that MAC to the remote node's address, and the route
 * {@code <subnet> via <subnet address> dev flannel.1 onlink} (vxlan_network.go handleSubnetEvents).
 */
final class VxlanNetwork implements BackendNetwork {
    /** flannel's defaultVNI; the device is named {@code flannel.<VNI>}. */
    static final int VNI = 1;
    static final String DEVICE = "flannel." + VNI;

    private final NodeNetwork node;
    private VxlanDevice dev;

    VxlanNetwork(NodeNetwork node) {
        this.node = node;
    }

    @Override
    public Lease register() {
        NetNamespace ns = node.ns();
        // Port 0: flannel leaves it to the kernel, whose vxlan udp_port default is 8472.
        VxlanConfig config = VxlanConfig.of(VNI, 0, node.nodeIp().address(), node.uplink().name(), false);
        dev = VxlanDevice.create(ns, DEVICE, ns.randomMac(DEVICE), config);
        // "a /32 address so that no broadcast routes are created": the source for host-to-pod traffic.
        ns.addAddress(dev, new Cidr(node.podCidr().network(), 32));
        ns.setUp(dev);
        return new Lease(node.name(), node.podCidr(), node.nodeIp().address(), FlannelBackend.VXLAN, dev.mac());
    }

    @Override
    public void leaseAdded(Lease remote) {
        NetNamespace ns = node.ns();
        int gw = remote.subnet().network();
        // AddARP, AddFDB, then the route last (the kernel would otherwise ARP for the gateway).
        ns.neighbours().replace(NeighbourEntry.of(gw, DEVICE, remote.vtepMac(), NudState.PERMANENT));
        dev.bridgeFdb("replace " + remote.vtepMac() + " dev " + DEVICE + " dst " + Ip4.format(remote.publicIp()) + " self permanent");
        ns.route("replace " + remote.subnet() + " via " + Ip4.format(gw) + " dev " + DEVICE + " onlink");
    }

    @Override
    public int mtu() {
        return dev.mtu();
    }
}
