package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;

/**
 * The ipset sets {@code -m set --match-set} consults (ip_set_test), plugged in by the ipset
 * emulation. A rule naming a set that does not exist is refused at load time, as the kernel does.
 */
public interface IpSetLookup {
    /** Whether a set of this name exists. */
    boolean exists(String name);

    /**
     * Whether the packet's key is in the set.
     *
     * @param dimensions how many {@code src}/{@code dst} flags the rule gave (1..6)
     * @param srcFlags bit {@code i} set when dimension {@code i} (0-based) takes the source, else the destination
     */
    boolean test(String name, SkBuff skb, int dimensions, int srcFlags);

    /** No sets at all: every {@code --match-set} is refused with "Set X doesn't exist.". */
    IpSetLookup NONE = new IpSetLookup() {
        @Override
        public boolean exists(String name) {
            return false;
        }

        @Override
        public boolean test(String name, SkBuff skb, int dimensions, int srcFlags) {
            return false;
        }
    };
}
