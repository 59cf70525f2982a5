package io.kdp.kubeproxy.nftables;

import io.kdp.kubeproxy.LocalTrafficDetector;
import java.util.List;

/**
 * The nftables forms of a {@link LocalTrafficDetector} ({@code IfLocalNFT} / {@code IfNotLocalNFT} in
 * pkg/proxy/util/localdetector.go): {@code ip saddr CIDR} / {@code ip saddr != CIDR} for ClusterCIDR and NodeCIDR
 * modes, {@code iif BRIDGE} / {@code iif != BRIDGE} for BridgeInterface, {@code iifname PREFIX*} /
 * {@code iifname != PREFIX*} for InterfaceNamePrefix. Derived from the detector's iptables arguments.
 */
record LocalDetectorNft(boolean implemented, String ifLocal, String ifNotLocal) {
    static LocalDetectorNft of(LocalTrafficDetector d) {
        if (!d.implemented()) return new LocalDetectorNft(false, "", "");
        List<String> local = d.ifLocal();
        String flag = local.get(0), arg = local.get(1);
        if (flag.equals("-s")) return new LocalDetectorNft(true, "ip saddr " + arg, "ip saddr != " + arg);
        if (arg.endsWith("+")) {
            String p = arg.substring(0, arg.length() - 1) + "*";
            return new LocalDetectorNft(true, "iifname " + p, "iifname != " + p);
        }
        return new LocalDetectorNft(true, "iif " + arg, "iif != " + arg);
    }
}
