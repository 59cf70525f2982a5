package io.kdp.cni.calico.ipam;

/**
 * Calico's cluster-wide IPAMConfiguration ({@code default}).
 *
 * @param strictAffinity   when true a node only ever allocates from blocks affine to it: no borrowing
 * @param maxBlocksPerHost the most blocks one node may claim; 0 means Calico's safeguard of 20
 */
public record IpamConfig(boolean strictAffinity, int maxBlocksPerHost) {
    /** The limit libcalico-go applies when none is configured. */
    public static final int DEFAULT_MAX_BLOCKS = 20;

    public static final IpamConfig DEFAULT = new IpamConfig(false, 0);

    public IpamConfig {
        if (maxBlocksPerHost < 0) throw new IllegalArgumentException("maxBlocksPerHost " + maxBlocksPerHost + " is negative");
    }

    /** The limit in force. */
    public int effectiveMaxBlocks() {
        return maxBlocksPerHost == 0 ? DEFAULT_MAX_BLOCKS : maxBlocksPerHost;
    }
}
