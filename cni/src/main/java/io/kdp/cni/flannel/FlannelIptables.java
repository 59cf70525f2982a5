package io.kdp.cni.flannel;

import io.kdp.packet.Cidr;

/**
 * The iptables rules flanneld keeps (pkg/trafficmngr/iptables): with {@code --ip-masq} the
 * {@code FLANNEL-POSTRTG} chain jumped to from nat POSTROUTING (no masquerade for traffic kube-proxy
 * marked, nor inside the pod network, nor from outside to this node's pods; masquerade pod traffic
 * leaving the network and host traffic entering it, {@code --random-fully} as iptables supports it),
 * and the {@code FLANNEL-FWD} chain jumped to from filter FORWARD, accepting the pod network both
 * ways. Rules are appended, so kube-proxy's prepended jumps run first.
 */
final class FlannelIptables {
    /** trafficmngr.KubeProxyMark. */
    static final String KUBE_PROXY_MARK = "0x4000/0x4000";

    private FlannelIptables() {}

    /** iptables-restore --noflush input for the masquerade rules of a node owning {@code subnet} in {@code network}. */
    static String masqRules(Cidr network, Cidr subnet) {
        String net = network.toNetwork().toString(), pod = subnet.toNetwork().toString(), c = " -m comment --comment \"flanneld masq\"";
        return "*nat\n"
                + ":FLANNEL-POSTRTG - [0:0]\n"
                + "-A POSTROUTING" + c + " -j FLANNEL-POSTRTG\n"
                + "-A FLANNEL-POSTRTG -m mark --mark " + KUBE_PROXY_MARK + c + " -j RETURN\n"
                + "-A FLANNEL-POSTRTG -s " + pod + " -d " + net + c + " -j RETURN\n"
                + "-A FLANNEL-POSTRTG -s " + net + " -d " + pod + c + " -j RETURN\n"
                + "-A FLANNEL-POSTRTG ! -s " + net + " -d " + pod + c + " -j RETURN\n"
                + "-A FLANNEL-POSTRTG -s " + net + " ! -d 224.0.0.0/4" + c + " -j MASQUERADE --random-fully\n"
                + "-A FLANNEL-POSTRTG ! -s " + net + " -d " + net + c + " -j MASQUERADE --random-fully\n"
                + "COMMIT\n";
    }

    /** iptables-restore --noflush input for the forward rules. */
    static String forwardRules(Cidr network) {
        String net = network.toNetwork().toString(), c = " -m comment --comment \"flanneld forward\"";
        return "*filter\n"
                + ":FLANNEL-FWD - [0:0]\n"
                + "-A FORWARD" + c + " -j FLANNEL-FWD\n"
                + "-A FLANNEL-FWD -s " + net + c + " -j ACCEPT\n"
                + "-A FLANNEL-FWD -d " + net + c + " -j ACCEPT\n"
                + "COMMIT\n";
    }
}
