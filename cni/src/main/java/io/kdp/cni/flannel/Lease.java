package io.kdp.cni.flannel;

import io.kdp.packet.Cidr;
import io.kdp.packet.MacAddress;

/**
 * A node's subnet lease as flanneld publishes it (pkg/subnet Lease with its LeaseAttrs; with
 * {@code --kube-subnet-mgr} the node's {@code flannel.alpha.coreos.com/*} annotations).
 *
 * @param node     the node that holds it
 * @param subnet   the node's pod subnet (Node.spec.podCIDR), e.g. {@code 10.244.1.0/24}
 * @param publicIp the node's address on the underlay ({@code public-ip} annotation)
 * @param backend  the backend type
 * @param vtepMac  the node's flannel.1 MAC ({@code backend-data {"VNI":1,"VtepMAC":...}}); null for other backends
 */
public record Lease(String node, Cidr subnet, int publicIp, FlannelBackend backend, MacAddress vtepMac) {
    public Lease {
        subnet = subnet.toNetwork();
    }
}
