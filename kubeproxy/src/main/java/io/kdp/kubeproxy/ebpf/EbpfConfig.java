package io.kdp.kubeproxy.ebpf;

/**
 * Settings of Cilium's kube-proxy replacement that change the service datapath.
 *
 * @param algorithm         {@code --bpf-lb-algorithm}: {@code random} (Cilium's default) or {@code maglev}
 * @param maglevTableSize   {@code --bpf-lb-maglev-table-size}, one of {@link io.kdp.linux.lb.Maglev#PRIMES} (default 16381)
 * @param maglevHashSeed    {@code --bpf-lb-maglev-hash-seed}: 12 bytes in base64, the same on every node of a cluster
 * @param socketLb          {@code socketLB.enabled} (default true): translate at connect() for pods and the host; when
 *                          false, pod traffic to services is translated per packet at the pod's interface instead
 * @param noBackendReject   {@code --service-no-backend-response=reject} (the default): a packet to a service without
 *                          backends is answered with ICMP port unreachable rather than silently dropped
 */
public record EbpfConfig(String algorithm, int maglevTableSize, String maglevHashSeed, boolean socketLb, boolean noBackendReject) {
    public EbpfConfig {
        if (!"random".equals(algorithm) && !"maglev".equals(algorithm)) {
            throw new IllegalArgumentException("--bpf-lb-algorithm \"" + algorithm + "\": expected random or maglev");
        }
    }

    /** Cilium's defaults: random selection, M = 16381, the default seed, socket LB on, reject when no backend. */
    public static EbpfConfig defaults() {
        return new EbpfConfig("random", CiliumMaglev.DEFAULT_TABLE_SIZE, CiliumMaglev.DEFAULT_HASH_SEED, true, true);
    }

    /** The same with Maglev backend selection. */
    public EbpfConfig withMaglev() {
        return new EbpfConfig("maglev", maglevTableSize, maglevHashSeed, socketLb, noBackendReject);
    }

    /** The same with socket LB switched on or off. */
    public EbpfConfig withSocketLb(boolean on) {
        return new EbpfConfig(algorithm, maglevTableSize, maglevHashSeed, on, noBackendReject);
    }

    public boolean maglev() {
        return "maglev".equals(algorithm);
    }
}
