package io.kdp.kubeproxy.ipvs;

import java.util.List;

/**
 * The {@code ipvs} section of KubeProxyConfiguration that kdp models.
 *
 * @param scheduler {@code ipvs.scheduler}; empty means kube-proxy's default {@code rr}
 * @param strictARP {@code ipvs.strictARP}: sets {@code arp_ignore=1} and {@code arp_announce=2} on all interfaces
 */
public record IpvsOptions(String scheduler, boolean strictARP) {
    /** kube-proxy's defaultScheduler. */
    public static final String DEFAULT_SCHEDULER = "rr";
    /** The schedulers the emulated kernel implements. */
    public static final List<String> SCHEDULERS = List.of("rr", "wrr", "lc", "wlc", "sh", "dh", "sed", "nq", "mh");
    /** kube-proxy's defaults. */
    public static final IpvsOptions DEFAULT = new IpvsOptions(DEFAULT_SCHEDULER, false);

    public IpvsOptions {
        if (scheduler == null || scheduler.isEmpty()) scheduler = DEFAULT_SCHEDULER; // "IPVS scheduler not specified, use rr by default"
        if (!SCHEDULERS.contains(scheduler)) {
            throw new IllegalArgumentException("kube-proxy config: ipvs.scheduler \"" + scheduler + "\" is not one of " + String.join(", ", SCHEDULERS));
        }
    }

    /** Options with another scheduler. */
    public IpvsOptions withScheduler(String s) {
        return new IpvsOptions(s, strictARP);
    }
}
