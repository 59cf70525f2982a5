package io.kdp.cni.calico.ipam;

import io.kdp.packet.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Calico IPAM (libcalico-go lib/ipam): pools carved into blocks, blocks affine to nodes, and
 * per-address allocations under handles.
 *
 * <p>{@link #autoAssign(String, String)} follows ipamClient.autoAssign for one address:
 * <ol>
 *   <li>the first of the node's affine blocks (in address order) with a free address;</li>
 *   <li>else, unless the node already holds {@code maxBlocksPerHost} blocks, claim the first
 *       unclaimed block of the first pool that has one, make it affine to the node and assign
 *       from it;</li>
 *   <li>else, with strictAffinity, fail ("No more free affine blocks and strict affinity
 *       enabled");</li>
 *   <li>else borrow: the first existing block of any pool with a free address, whoever it is
 *       affine to; if there is none, fail ("No IPs available in pools: [...]").</li>
 * </ol>
 * Order choices, so that results are deterministic: Calico walks a pool's blocks from a
 * pseudo-random start seeded by an FNV-32 hash of the host name (randomBlockGenerator) when it
 * looks for an unclaimed block and when it borrows; this model walks them in address order from
 * the start of the pool. Affine blocks are tried in address order (Calico: datastore list order).
 * Within a block addresses come from the head of Calico's unallocated list (see
 * {@link AllocationBlock}).
 */
public final class CalicoIpam {
    private final List<IpPool> pools;
    private final IpamConfig config;
    private final TreeMap<Cidr, AllocationBlock> blocks = new TreeMap<>();

    public CalicoIpam(List<IpPool> pools, IpamConfig config) {
        if (pools.isEmpty()) throw new IllegalArgumentException("Calico IPAM needs at least one IPPool");
        for (int i = 0; i < pools.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (pools.get(i).cidr().overlaps(pools.get(j).cidr())) {
                    throw new IllegalArgumentException("IPPool " + pools.get(i).name() + " (" + pools.get(i).cidr()
                        + ") overlaps IPPool " + pools.get(j).name() + " (" + pools.get(j).cidr() + ")");
                }
            }
        }
        this.pools = List.copyOf(pools);
        this.config = config;
    }

    public CalicoIpam(IpPool pool) {
        this(List.of(pool), IpamConfig.DEFAULT);
    }

    public List<IpPool> pools() {
        return pools;
    }

    public IpamConfig config() {
        return config;
    }

    /**
     * AutoAssign of one IPv4 address for a workload on {@code node}.
     *
     * @throws IpamException with Calico's message when no address can be given
     */
    public int autoAssign(String node, String handle) {
        requireName(node, "node");
        requireName(handle, "handle");
        List<String> msgs = new ArrayList<>();
        List<Cidr> affine = affineBlocks(node);
        for (Cidr c : affine) {
            int ip = blocks.get(c).autoAssign(handle, node);
            if (ip != -1) return ip;
        }
        if (affine.size() >= config.effectiveMaxBlocks()) {
            // ipam.go returns ErrBlockLimit at once: no borrowing.
            throw new IpamException("cannot allocate new block due to per host block limit");
        }
        Cidr unclaimed = findUnclaimedBlock();
        if (unclaimed != null) {
            AllocationBlock b = new AllocationBlock(unclaimed, node);
            blocks.put(unclaimed, b);
            return b.autoAssign(handle, node);
        }
        if (config.strictAffinity()) {
            msgs.add("No more free affine blocks and strict affinity enabled");
        } else {
            List<String> exhausted = new ArrayList<>();
            for (IpPool p : pools) {
                for (AllocationBlock b : blocks.subMap(p.cidr(), true, lastBlock(p), true).values()) {
                    int ip = b.autoAssign(handle, node);
                    if (ip != -1) return ip;
                }
                exhausted.add(p.cidr().toString());
            }
            msgs.add("No IPs available in pools: [" + String.join(" ", exhausted) + "]");
        }
        // IPAMAssignments.PartialFulfillmentError
        StringBuilder sb = new StringBuilder("Assigned 0 out of 1 requested IPv4 addresses");
        for (String m : msgs) sb.append("; ").append(m);
        throw new IpamException(sb.toString());
    }

    /**
     * AssignIP: gives {@code node} a chosen address (the {@code cni.projectcalico.org/ipAddrs}
     * annotation). The block is claimed for the node if it does not exist yet; with strictAffinity
     * the block must be affine to the node.
     */
    public void assignIp(int ip, String node, String handle) {
        requireName(node, "node");
        requireName(handle, "handle");
        IpPool pool = poolOf(ip);
        if (pool == null) throw new IpamException("The provided IP address is not in a configured pool");
        Cidr c = pool.blockOf(ip);
        AllocationBlock b = blocks.get(c);
        if (b == null) {
            b = new AllocationBlock(c, node);
            blocks.put(c, b);
        } else if (config.strictAffinity() && !node.equals(b.affinity())) {
            throw new IpamException("Block host affinity does not match");
        }
        b.assign(ip, handle, node);
    }

    /** Releases one address; false if it was not allocated. An empty block with no affinity is deleted. */
    public boolean release(int ip) {
        IpPool pool = poolOf(ip);
        if (pool == null) return false;
        Cidr c = pool.blockOf(ip);
        AllocationBlock b = blocks.get(c);
        if (b == null || !b.release(ip)) return false;
        if (b.empty() && b.affinity() == null) blocks.remove(c);
        return true;
    }

    /** Releases every address held by {@code handle}; returns them in address order. */
    public List<Integer> releaseByHandle(String handle) {
        List<Integer> released = new ArrayList<>();
        for (AllocationBlock b : List.copyOf(blocks.values())) {
            for (Allocation a : b.allocations()) {
                if (a.handle().equals(handle)) {
                    release(a.address());
                    released.add(a.address());
                }
            }
        }
        return released;
    }

    /**
     * Releases {@code node}'s affinity to {@code block} (what Calico does when a node is deleted or
     * a block is reclaimed). An empty block is deleted; with {@code requireEmpty} a block still in
     * use is refused, otherwise it stays without affinity and its addresses remain allocated.
     */
    public void releaseAffinity(String node, Cidr block, boolean requireEmpty) {
        AllocationBlock b = blocks.get(block);
        if (b == null) throw new IpamException("block " + block + " does not exist");
        if (!node.equals(b.affinity())) throw new IpamException("block " + block + " is not affine to " + node);
        if (b.empty()) {
            blocks.remove(block);
        } else if (requireEmpty) {
            throw new IpamException("block " + block + " is not empty");
        } else {
            b.setAffinity(null);
        }
    }

    /** The blocks affine to {@code node}, in address order. */
    public List<Cidr> affineBlocks(String node) {
        List<Cidr> out = new ArrayList<>();
        for (AllocationBlock b : blocks.values()) if (node.equals(b.affinity())) out.add(b.cidr());
        return out;
    }

    /** Addresses {@code node} holds in blocks not affine to it, in address order: each is advertised as a /32. */
    public List<Allocation> borrowedBy(String node) {
        List<Allocation> out = new ArrayList<>();
        for (Allocation a : allocations()) if (a.node().equals(node) && a.borrowed()) out.add(a);
        return out;
    }

    /** Addresses assigned for workloads on {@code node}, in address order. */
    public List<Allocation> allocationsOn(String node) {
        List<Allocation> out = new ArrayList<>();
        for (Allocation a : allocations()) if (a.node().equals(node)) out.add(a);
        return out;
    }

    /** Every allocation, in address order. */
    public List<Allocation> allocations() {
        List<Allocation> out = new ArrayList<>();
        for (AllocationBlock b : blocks.values()) out.addAll(b.allocations());
        return out;
    }

    /** The allocation of {@code ip}, or null. */
    public Allocation allocation(int ip) {
        IpPool pool = poolOf(ip);
        if (pool == null) return null;
        AllocationBlock b = blocks.get(pool.blockOf(ip));
        if (b == null || b.handleOf(ip) == null) return null;
        for (Allocation a : b.allocations()) if (a.address() == ip) return a;
        return null;
    }

    /** Every existing block, in address order. */
    public List<AllocationBlock> blocks() {
        return List.copyOf(blocks.values());
    }

    /** The block with this CIDR, or null. */
    public AllocationBlock block(Cidr cidr) {
        return blocks.get(cidr);
    }

    /** Nodes that hold a block or an address, in first-seen address order. */
    public Set<String> nodes() {
        Set<String> out = new LinkedHashSet<>();
        for (AllocationBlock b : blocks.values()) {
            if (b.affinity() != null) out.add(b.affinity());
            for (Allocation a : b.allocations()) out.add(a.node());
        }
        return out;
    }

    /** The pool containing {@code ip}, or null. */
    public IpPool poolOf(int ip) {
        for (IpPool p : pools) if (p.cidr().contains(ip)) return p;
        return null;
    }

    /** Block affinity per node, for display: node -> affine blocks. */
    public Map<String, List<Cidr>> affinities() {
        Map<String, List<Cidr>> out = new TreeMap<>();
        for (AllocationBlock b : blocks.values()) {
            if (b.affinity() != null) out.computeIfAbsent(b.affinity(), k -> new ArrayList<>()).add(b.cidr());
        }
        return out;
    }

    private Cidr findUnclaimedBlock() {
        for (IpPool p : pools) {
            for (int i = 0; i < p.blockCount(); i++) {
                Cidr c = p.block(i);
                if (!blocks.containsKey(c)) return c;
            }
        }
        return null;
    }

    private static Cidr lastBlock(IpPool p) {
        return p.block(p.blockCount() - 1);
    }

    private static void requireName(String s, String what) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("IPAM request needs a " + what);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (AllocationBlock b : blocks.values()) sb.append(b).append('\n');
        return sb.toString();
    }
}
