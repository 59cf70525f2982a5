package io.kdp.packet;

/**
 * An IPv4 prefix. {@link #address()} is the address as written (kept so that a host address with
 * its prefix, as in {@code ip addr}, round-trips); {@link #network()} is the masked network.
 */
public record Cidr(int address, int prefixLength) implements Comparable<Cidr> {
    public Cidr {
        Ip4.mask(prefixLength);
    }

    /** Parses {@code a.b.c.d/len}, {@code a.b.c.d/mask} or a bare address (a /32). */
    public static Cidr parse(String text) {
        if (text == null) throw new IllegalArgumentException("missing CIDR");
        int[] parts = Ip4.parseCidr(text.trim());
        return new Cidr(parts[0], parts[1]);
    }

    /** Parses and requires that no host bits are set, as Kubernetes does for its CIDR fields. */
    public static Cidr parseNetwork(String text) {
        Cidr c = parse(text);
        if (c.address != c.network()) {
            throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean " + c.toNetwork() + "?");
        }
        return c;
    }

    /** A /32 for one host. */
    public static Cidr host(int address) {
        return new Cidr(address, 32);
    }

    public int mask() {
        return Ip4.mask(prefixLength);
    }

    public int network() {
        return address & mask();
    }

    /** Directed broadcast address of this prefix. */
    public int broadcast() {
        return network() | ~mask();
    }

    /** The same prefix with host bits cleared. */
    public Cidr toNetwork() {
        return new Cidr(network(), prefixLength);
    }

    public boolean contains(int ip) {
        return (ip & mask()) == network();
    }

    public boolean contains(Cidr other) {
        return other.prefixLength >= prefixLength && contains(other.network());
    }

    public boolean overlaps(Cidr other) {
        return contains(other.network()) || other.contains(network());
    }

    /** Number of addresses in the prefix. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** The n-th address of the prefix (0 is the network address). */
    public int nth(long n) {
        if (n < 0 || n >= size()) throw new IllegalArgumentException(n + " is outside " + this);
        return network() + (int) n;
    }

    @Override
    public int compareTo(Cidr o) {
        int c = Integer.compareUnsigned(network(), o.network());
        return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
    }

    /** {@code a.b.c.d/len} with the address as written. */
    @Override
    public String toString() {
        return Ip4.format(address) + "/" + prefixLength;
    }
}
