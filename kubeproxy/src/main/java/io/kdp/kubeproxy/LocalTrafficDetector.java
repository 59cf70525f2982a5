package io.kdp.kubeproxy;

import io.kdp.packet.Cidr;
import java.util.List;

/**
 * kube-proxy's {@code LocalTrafficDetector} (pkg/proxy/util/localdetector.go): the iptables match arguments
 * that select traffic from local pods ({@link #ifLocal()}) and from elsewhere ({@link #ifNotLocal()}).
 * kube-proxy picks it from {@code --detect-local-mode}: ClusterCIDR (the default) uses {@code --cluster-cidr};
 * without a cluster CIDR it falls back to the no-op detector, and then writes no "! -s clusterCIDR" masquerade
 * rule in KUBE-SVC chains and no "pod traffic" short-circuit in KUBE-EXT chains.
 */
public record LocalTrafficDetector(boolean implemented, List<String> ifLocal, List<String> ifNotLocal) {
    public LocalTrafficDetector {
        ifLocal = List.copyOf(ifLocal);
        ifNotLocal = List.copyOf(ifNotLocal);
    }

    /** The no-op detector (nothing is known to be local). */
    public static final LocalTrafficDetector NONE = new LocalTrafficDetector(false, List.of(), List.of());

    /** ClusterCIDR / NodeCIDR modes: {@code -s cidr} / {@code ! -s cidr}. */
    public static LocalTrafficDetector byCidr(String cidr) {
        Cidr c;
        try {
            c = Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kube-proxy config: clusterCIDR \"" + cidr + "\" is not an IPv4 CIDR: " + e.getMessage(), e);
        }
        String s = c.toNetwork().toString();
        return new LocalTrafficDetector(true, List.of("-s", s), List.of("!", "-s", s));
    }

    /** BridgeInterface mode: {@code -i bridge} / {@code ! -i bridge}. */
    public static LocalTrafficDetector byBridgeInterface(String bridge) {
        return new LocalTrafficDetector(true, List.of("-i", bridge), List.of("!", "-i", bridge));
    }

    /** InterfaceNamePrefix mode: {@code -i prefix+} / {@code ! -i prefix+}. */
    public static LocalTrafficDetector byInterfaceNamePrefix(String prefix) {
        return new LocalTrafficDetector(true, List.of("-i", prefix + "+"), List.of("!", "-i", prefix + "+"));
    }
}
