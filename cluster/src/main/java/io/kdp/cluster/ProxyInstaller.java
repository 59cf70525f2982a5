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
        for (NodeHost node : cluster.nodes().values()) {
            ProxierConfig cfg = ProxierConfig.builder(node.name())
                    .nodeIPs(Ip4.format(node.network().nodeIp().address()))
                    .clusterCIDR(spec.clusterCIDR().toString())
                    .build();
            Proxier proxier = proxier(spec.proxyMode(), cfg);
            proxier.sysctls().forEach(node.ns().sysctls()::set);
            proxier.apply(node.ns(), ProxyState.build(node.name(), cluster.services(), cluster.endpointSlices()));
            cluster.proxiers().put(node.name(), proxier);
        }
    }

    static Proxier proxier(String mode, ProxierConfig cfg) {
        return switch (mode) {
            case "iptables" -> new IptablesProxier(cfg);
            default -> throw new IllegalArgumentException("proxy mode " + mode + " is not supported");
        };
    }
}
