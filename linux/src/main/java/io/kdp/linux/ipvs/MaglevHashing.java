package io.kdp.linux.ipvs;

import io.kdp.linux.lb.Maglev;
import io.kdp.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * ip_vs_mh.c: Maglev hashing over a table of {@link #TABLE_SIZE} = 4093 slots
 * (CONFIG_IP_VS_MH_TAB_INDEX 12 selects primes[4]). Each server's offset and skip are hsiphash
 * (SipHash-1-3 on 64-bit kernels) of {@code port + addr} (host order, as a u32) under the fixed
 * keys {2654435761, 2654435761} and {2654446892, 2654446892}; offset mod M, skip mod (M - 1) + 1.
 * Weights become turns: {@code (last_weight / gcd) >> rshift}, where rshift keeps the largest
 * below 2^6. A connection goes to slot {@code hsiphash(saddr [+ sport]) mod M}.
 */
final class MaglevHashing implements Scheduler {
    /** IP_VS_MH_TAB_SIZE with the default CONFIG_IP_VS_MH_TAB_INDEX of 12. */
    static final int TABLE_SIZE = 4093;
    /** IP_VS_MH_TAB_BITS = CONFIG_IP_VS_MH_TAB_INDEX / 2. */
    private static final int TAB_BITS = 6;
    static final long HASH1 = 2654435761L, HASH2 = 2654446892L;

    private final int size;
    private RealServer[] lookup;

    MaglevHashing() {
        this(TABLE_SIZE);
    }

    MaglevHashing(int size) {
        this.size = size;
        this.lookup = new RealServer[size];
    }

    @Override
    public String name() { return "mh"; }

    @Override
    public void init(VirtualService svc) { reassign(svc); }

    @Override
    public void destAdded(VirtualService svc, RealServer dest) { reassign(svc); }

    @Override
    public void destUpdated(VirtualService svc, RealServer dest) { reassign(svc); }

    @Override
    public void destRemoved(VirtualService svc, RealServer dest, int index) { reassign(svc); }

    /** ip_vs_mh_hashkey for IPv4: hsiphash of {@code offset + port + addr}. */
    static int hashKey(int addr, int port, long key, int offset) {
        return HsipHash.hashU32(offset + port + addr, key, key);
    }

    /** The server's (offset, skip) in a table of {@code m} slots (ip_vs_mh_permutate). */
    static Maglev.Permutation permutation(RealServer d, int m) {
        return Maglev.Permutation.fromHashes(hashKey(d.address(), d.port(), HASH1, 0), hashKey(d.address(), d.port(), HASH2, 0), m);
    }

    /** ip_vs_mh_reassign: gcd and shift of the weights, permutations, population. */
    private void reassign(VirtualService svc) {
        List<RealServer> dests = svc.dests();
        RealServer[] table = new RealServer[size];
        int gcd = 0, max = 0;
        for (RealServer d : dests) {
            int w = d.lastWeight();
            if (w > 0) gcd = gcd > 0 ? gcd(w, gcd) : w;
            max = Math.max(max, w);
        }
        if (gcd >= 1) {
            int shift = Math.max(0, (32 - Integer.numberOfLeadingZeros(max / gcd)) - TAB_BITS);
            List<Maglev.Permutation> perms = new ArrayList<>(dests.size());
            int[] turns = new int[dests.size()];
            for (int i = 0; i < dests.size(); i++) {
                RealServer d = dests.get(i);
                perms.add(permutation(d, size));
                int lw = d.lastWeight();
                int t = (lw / gcd) >> shift;
                turns[i] = t != 0 ? t : (lw != 0 ? 1 : 0);
            }
            int[] owners = Maglev.build(size, perms, turns);
            for (int k = 0; k < size; k++) table[k] = owners[k] < 0 ? null : dests.get(owners[k]);
        }
        lookup = table;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The slot a client address (and port, 0 unless mh-port) maps to. */
    int slot(int addr, int port) {
        return (int) ((hashKey(addr, port, HASH1, 0) & 0xffffffffL) % size);
    }

    /** The owner of every slot, for tests and inspection. */
    RealServer[] table() {
        return lookup.clone();
    }

    @Override
    public RealServer schedule(VirtualService svc, Packet packet) {
        int flags = svc.config().schedFlags();
        int port = (flags & ServiceConfig.SCHED2) != 0 ? packet.srcPort() : 0;
        int addr = packet.src();
        int h = slot(addr, port);
        RealServer d = lookup[h];
        if (d == null) return null;
        if (Scheduler.usable(d)) return d;
        if ((flags & ServiceConfig.SCHED1) == 0) return null;
        // ip_vs_mh_get_fallback
        for (int offset = 0; offset < size; offset++) {
            int roffset = (offset + h) % size;
            RealServer f = lookup[(int) ((hashKey(addr, port, HASH1, roffset) & 0xffffffffL) % size)];
            if (f == null) return null;
            if (Scheduler.usable(f)) return f;
        }
        return null;
    }
}
