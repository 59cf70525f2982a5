package io.kdp.kubeproxy.iptables;

import io.kdp.kubeproxy.LocalTrafficDetector;
import io.kdp.kubeproxy.ProxierConfig;

/** The per-sync settings the rule writers read (resolved once from {@link ProxierConfig}). */
record SyncContext(ProxierConfig config, String masqueradeMark, LocalTrafficDetector localDetector, boolean localhostNodePorts,
                   boolean largeClusterMode) {
    /** kube-proxy's nfacct counter for packets accepted through localhost NodePorts (metrics.LocalhostNodePortAcceptedNFAcctCounter). */
    static final String LOCALHOST_NODEPORT_COUNTER = "localhost_nps_accepted_pkts";
    /** metrics.IPTablesCTStateInvalidDroppedNFAcctCounter. */
    static final String CT_STATE_INVALID_COUNTER = "ct_state_invalid_dropped_pkts";

    static SyncContext of(ProxierConfig config, boolean largeClusterMode) {
        return new SyncContext(config, config.masqueradeMark(), config.localDetector(), config.effectiveLocalhostNodePorts(), largeClusterMode);
    }

    /** {@code "text"}: kube-proxy quotes comments that contain spaces itself (fmt.Sprintf(`"%s ..."`)). */
    static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
