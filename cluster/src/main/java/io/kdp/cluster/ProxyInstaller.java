package io.kdp.cluster;

import io.kdp.kubeproxy.Proxier;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.kubeproxy.iptables.IptablesProxier;
import io.kdp.packet.Ip4;

/**
 * Runs kube-proxy on every node: builds the node's view of Services and EndpointSlices, sets the
 * sysctls the mode sets, and loads the rules it writes into the node's kernel, as a real node does.
 */
final class ProxyInstaller {
    private ProxyInstaller() {}

    static void install(Cluster cluster) {
        var spec = cluster.scenario().spec();
        KubeletCgroups.place(cluster);
        for (NodeHost node : cluster.nodes().values()) {
            ProxierConfig cfg = ProxierConfig.builder(node.name())
                    .nodeIPs(Ip4.format(node.network().nodeIp().address()))
                    .clusterCIDR(spec.clusterCIDR().toString())
                    .build();
            Proxier proxier = proxier(spec.proxyMode(), cfg, java.util.List.of(spec.serviceCIDR().toString()));
            proxier.sysctls().forEach(node.ns().sysctls()::set);
            proxier.apply(node.ns(), ProxyState.build(node.name(), cluster.services(), cluster.endpointSlices()));
            cluster.proxiers().put(node.name(), proxier);
        }
    }

    static Proxier proxier(String mode, ProxierConfig cfg) {
        return proxier(mode, cfg, java.util.List.of());
    }

    /** The proxier of {@code mode}; {@code serviceCIDRs} are the ServiceCIDRs the nftables mode drops unallocated addresses of. */
    static Proxier proxier(String mode, ProxierConfig cfg, java.util.List<String> serviceCIDRs) {
        return switch (mode) {
            case "iptables" -> new IptablesProxier(cfg);
            case "nftables" -> new io.kdp.kubeproxy.nftables.NftablesProxier(cfg, serviceCIDRs);
            case "ipvs" -> new io.kdp.kubeproxy.ipvs.IpvsProxier(cfg);
            case "ebpf" -> new io.kdp.kubeproxy.ebpf.EbpfProxier(cfg);
            default -> throw new IllegalArgumentException("proxy mode " + mode + " is not supported");
        };
    }
}
