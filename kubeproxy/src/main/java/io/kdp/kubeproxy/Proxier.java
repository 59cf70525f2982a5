package io.kdp.kubeproxy;

import io.kdp.linux.NetNamespace;
import java.util.Map;

/**
 * One kube-proxy mode (iptables, later IPVS and nftables). A proxier is stateful like kube-proxy's: it remembers
 * what it last synced, so that the next {@link #sync} can be partial.
 */
public interface Proxier {
    /** The {@code --proxy-mode} name, e.g. {@code iptables}. */
    String mode();

    /** Computes what a sync of {@code state} writes (a full sync the first time), and records it as synced. */
    SyncResult sync(ProxyState state);

    /** Syncs {@code state} against {@code node}'s current rules and loads the result into the node. */
    SyncResult apply(NetNamespace node, ProxyState state);

    /** Loads the result of the last {@link #sync} into {@code node}; IllegalStateException if nothing was synced. */
    void apply(NetNamespace node);

    /** Forces the next sync to be a full one (kube-proxy does so on startup, hourly and when its canary chains vanish). */
    void requestFullSync();

    /** The sysctls this mode sets on the node, in the order kube-proxy sets them. */
    Map<String, String> sysctls();
}
