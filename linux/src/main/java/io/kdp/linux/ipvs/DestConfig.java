package io.kdp.linux.ipvs;

/**
 * A real server as {@code ipvsadm -a/-e} describes it.
 *
 * @param weight {@code -w}, default 1
 * @param upperThreshold {@code -x}, 0 = none
 * @param lowerThreshold {@code -y}, 0 = none
 */
public record DestConfig(int address, int port, ForwardMethod forward, int weight, int upperThreshold, int lowerThreshold) {
    public DestConfig {
        if (forward == null) forward = ForwardMethod.ROUTE;
        if (weight < 0) throw new IllegalArgumentException("weight " + weight + " is negative");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }

    /** A NAT real server, as kube-proxy adds them. */
    public static DestConfig masq(int address, int port, int weight) {
        return new DestConfig(address, port, ForwardMethod.MASQ, weight, 0, 0);
    }
}
