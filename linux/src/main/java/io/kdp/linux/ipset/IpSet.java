package io.kdp.linux.ipset;

import io.kdp.packet.Packet;
import java.util.List;

/**
 * One ipset: a named set of a given {@link IpSetType}. Elements are added, deleted and tested in
 * ipset's text syntax ({@code 10.96.0.10,udp:53}); {@link #matches} answers {@code -m set} for a
 * packet without allocating.
 */
public abstract sealed class IpSet permits HashIpSet, BitmapPortSet {
    private String name;
    private final IpSetType type;

    IpSet(String name, IpSetType type) {
        this.name = name;
        this.type = type;
    }

    public String name() { return name; }

    void rename(String n) { this.name = n; }

    public IpSetType type() { return type; }

    /** Adds an element; false if already present. */
    public abstract boolean add(String element);

    /** Deletes an element; false if absent. */
    public abstract boolean del(String element);

    /** {@code ipset test}: whether the element is present. */
    public abstract boolean test(String element);

    /** Removes every element ({@code ipset flush}). */
    public abstract void flush();

    /** Number of elements. */
    public abstract int size();

    /**
     * ip_set_test for a packet: the key is built from the source (bit {@code i} of {@code srcFlags}
     * set) or destination of each dimension {@code i}.
     */
    public abstract boolean matches(Packet p, int srcFlags);

    /** The {@code create} line of {@code ipset save}. */
    public abstract String createLine();

    /** The members as {@code ipset save} lists them, in the kernel's order. */
    public abstract List<String> members();

    /** Whether the element syntax is valid for this set, without changing it (throws {@link IpsetException} if not). */
    public abstract void check(String element);

}
