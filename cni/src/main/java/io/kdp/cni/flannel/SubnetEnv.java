package io.kdp.cni.flannel;

import io.kdp.packet.Cidr;

/**
 * {@code /run/flannel/subnet.env}, which flanneld writes and the flannel CNI plugin reads to build
 * its delegate's configuration.
 *
 * @param network the flannel network ({@code FLANNEL_NETWORK}, the cluster CIDR)
 * @param subnet  the node's subnet with its first address ({@code FLANNEL_SUBNET=10.244.0.1/24})
 * @param mtu     {@code FLANNEL_MTU}: the uplink's MTU minus the backend's overhead
 * @param ipMasq  {@code FLANNEL_IPMASQ}: flanneld masquerades (--ip-masq), so the bridge plugin does not
 */
public record SubnetEnv(Cidr network, Cidr subnet, int mtu, boolean ipMasq) {
    /** The file's text, one {@code KEY=value} a line. */
    public String render() {
        return "FLANNEL_NETWORK=" + network + "\nFLANNEL_SUBNET=" + subnet + "\nFLANNEL_MTU=" + mtu + "\nFLANNEL_IPMASQ=" + ipMasq + "\n";
    }
}
