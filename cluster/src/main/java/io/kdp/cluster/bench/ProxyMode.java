package io.kdp.cluster.bench;

import io.kdp.kubeproxy.Proxier;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ebpf.EbpfConfig;
import io.kdp.kubeproxy.ebpf.EbpfProxier;
import io.kdp.kubeproxy.iptables.IptablesProxier;
import io.kdp.kubeproxy.ipvs.IpvsProxier;
import io.kdp.kubeproxy.nftables.NftablesProxier;
import java.util.List;
import java.util.Locale;

/** The four service data planes the benchmark compares, by their {@code --proxy-mode} names. */
public enum ProxyMode {
    IPTABLES, IPVS, NFTABLES, EBPF;

    /** The {@code --proxy-mode} name ({@code iptables}, {@code ipvs}, {@code nftables}, {@code ebpf}). */
    public String modeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode of that name; IllegalArgumentException naming the choices otherwise. */
    public static ProxyMode of(String name) {
        for (ProxyMode m : values()) if (m.modeName().equals(name)) return m;
        throw new IllegalArgumentException("proxy mode \"" + name + "\": expected iptables, ipvs, nftables or ebpf");
    }

    /**
     * {@code --bpf-lb-map-max} of the benchmark's eBPF nodes: Cilium's default (65,536) holds one
     * service-map entry per frontend and per backend slot of about 6,000 Services of 10 endpoints;
     * large clusters raise it, and so does the benchmark, to hold 30,000 Services of 10 endpoints.
     */
    public static final int LB_MAP_MAX = 1 << 19;

    /**
     * A fresh proxier of this mode. The eBPF one translates pod traffic per packet at the pod's
     * interface (socket LB off), so that it has a per-packet decision to measure; with socket LB on,
     * Cilium translates once at connect() and no packet is ever addressed to the ClusterIP.
     */
    public Proxier proxier(ProxierConfig config) {
        return switch (this) {
            case IPTABLES -> new IptablesProxier(config);
            case IPVS -> new IpvsProxier(config);
            case NFTABLES -> new NftablesProxier(config, List.of(SyntheticServices.SERVICE_CIDR));
            case EBPF -> new EbpfProxier(config, EbpfConfig.defaults().withSocketLb(false), LB_MAP_MAX);
        };
    }
}
