package io.kdp.kubeproxy.nftables;

import io.kdp.kubeproxy.ProxierConfig;
import java.util.List;

/** The per-sync settings the service writers read, resolved once from {@link ProxierConfig}. */
record SyncContext(ProxierConfig config, LocalDetectorNft localDetector) {
    static SyncContext of(ProxierConfig config) {
        return new SyncContext(config, LocalDetectorNft.of(config.localDetector()));
    }

    /** The six sets and maps whose elements the services own, in the order kube-proxy resets and cleans them. */
    record Storages(ElementStorage clusterIPs, ElementStorage serviceIPs, ElementStorage firewallIPs, ElementStorage noEndpointServices,
                    ElementStorage noEndpointNodePorts, ElementStorage serviceNodePorts) {
        static Storages create() {
            return new Storages(new ElementStorage(false, NftNames.CLUSTER_IPS), new ElementStorage(true, NftNames.SERVICE_IPS),
                    new ElementStorage(true, NftNames.FIREWALL_IPS), new ElementStorage(true, NftNames.NO_ENDPOINT_SERVICES),
                    new ElementStorage(true, NftNames.NO_ENDPOINT_NODEPORTS), new ElementStorage(true, NftNames.SERVICE_NODEPORTS));
        }

        List<ElementStorage> all() {
            return List.of(clusterIPs, serviceIPs, firewallIPs, noEndpointServices, noEndpointNodePorts, serviceNodePorts);
        }
    }
}
