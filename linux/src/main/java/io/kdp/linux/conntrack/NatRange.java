package io.kdp.linux.conntrack;

/**
 * struct nf_nat_range2: the addresses and ports a NAT target may map to, with its flags.
 *
 * @param minAddress first address (inclusive), 0 with {@code maxAddress} 0 for "keep the address" (MASQUERADE fills it)
 * @param maxAddress last address (inclusive)
 * @param minPort first port, 0 when no port range was given
 * @param maxPort last port
 * @param random NF_NAT_RANGE_PROTO_RANDOM ({@code --random})
 * @param randomFully NF_NAT_RANGE_PROTO_RANDOM_FULLY ({@code --random-fully})
 * @param persistent NF_NAT_RANGE_PERSISTENT ({@code --persistent})
 */
public record NatRange(int minAddress, int maxAddress, int minPort, int maxPort, boolean random, boolean randomFully, boolean persistent) {
    /** A single address with an optional single port (0 = keep), as {@code --to-destination ip[:port]} gives. */
    public static NatRange to(int address, int port) {
        return new NatRange(address, address, port, port, false, false, false);
    }

    /** Whether a port range was given (NF_NAT_RANGE_PROTO_SPECIFIED). */
    public boolean portSpecified() {
        return minPort != 0 || maxPort != 0;
    }
}
