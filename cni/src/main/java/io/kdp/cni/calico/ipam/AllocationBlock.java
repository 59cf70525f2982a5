package io.kdp.cni.calico.ipam;

import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One IPAM block (libcalico-go AllocationBlock): a /blockSize slice of a pool, optionally affine
 * to a node ({@code host:<node>}). Every address of the block is assignable, the network and
 * broadcast addresses included, as Calico does on Linux.
 *
 * <p>Free addresses are kept as Calico keeps its {@code unallocated} ordinal list: initially
 * 0..n-1, taken from the head, and a released ordinal is appended to the tail. So allocation is
 * "lowest never-used address first", and a released address is only reused after every other
 * free one.
 */
public final class AllocationBlock {
    private final Cidr cidr;
    private String affinity;
    private final ArrayDeque<Integer> unallocated = new ArrayDeque<>();
    private final String[] handles;
    private final String[] nodes;

    AllocationBlock(Cidr cidr, String affinity) {
        this.cidr = cidr;
        this.affinity = affinity;
        int n = (int) cidr.size();
        handles = new String[n];
        nodes = new String[n];
        for (int i = 0; i < n; i++) unallocated.add(i);
    }

    public Cidr cidr() {
        return cidr;
    }

    /** The node the block is affine to, or null. */
    public String affinity() {
        return affinity;
    }

    void setAffinity(String node) {
        affinity = node;
    }

    public int size() {
        return handles.length;
    }

    public int freeCount() {
        return unallocated.size();
    }

    public boolean empty() {
        return unallocated.size() == handles.length;
    }

    /** Takes the head of the unallocated list; -1 if the block is full. */
    int autoAssign(String handle, String node) {
        Integer ordinal = unallocated.pollFirst();
        if (ordinal == null) return -1;
        handles[ordinal] = handle;
        nodes[ordinal] = node;
        return cidr.network() + ordinal;
    }

    /** Assigns a given address (AssignIP); fails as Calico does when it is taken. */
    void assign(int address, String handle, String node) {
        int ordinal = ordinal(address);
        if (handles[ordinal] != null) {
            throw new IpamException("resource already exists: " + Ip4.format(address));
        }
        unallocated.remove(ordinal);
        handles[ordinal] = handle;
        nodes[ordinal] = node;
    }

    /** Releases an address; false if it was not allocated. The ordinal goes to the tail of the free list. */
    boolean release(int address) {
        int ordinal = ordinal(address);
        if (handles[ordinal] == null) return false;
        handles[ordinal] = null;
        nodes[ordinal] = null;
        unallocated.addLast(ordinal);
        return true;
    }

    /** The handle holding {@code address}, or null. */
    public String handleOf(int address) {
        return handles[ordinal(address)];
    }

    /** The allocations of this block in address order. */
    public List<Allocation> allocations() {
        List<Allocation> out = new ArrayList<>();
        for (int i = 0; i < handles.length; i++) {
            if (handles[i] != null) out.add(new Allocation(cidr.network() + i, handles[i], nodes[i], cidr, affinity));
        }
        return out;
    }

    /** The free ordinals in the order they will be handed out. */
    public List<Integer> unallocatedOrdinals() {
        List<Integer> out = new ArrayList<>(unallocated.size());
        for (Iterator<Integer> it = unallocated.iterator(); it.hasNext(); ) out.add(it.next());
        return out;
    }

    private int ordinal(int address) {
        if (!cidr.contains(address)) throw new IllegalArgumentException(Ip4.format(address) + " is not in block " + cidr);
        return address - cidr.network();
    }

    @Override
    public String toString() {
        return cidr + (affinity != null ? " host:" + affinity : " (no affinity)") + " " + (size() - freeCount()) + "/" + size() + " used";
    }
}
