package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.lb.Maglev;
import io.kdp.packet.Jhash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Cilium's Maglev (pkg/maglev, lbmap UpsertMaglevLookupTable): backends are named by their
 * address ({@code 10.244.1.5:8080/TCP}) and sorted by name, so every node builds the same table;
 * each name is hashed with MurmurHash3_x64_128 and the first 4 bytes of the cluster-wide seed
 * ({@code --bpf-lb-maglev-hash-seed}, 12 bytes in base64): {@code offset = h1 mod M},
 * {@code skip = h2 mod (M-1) + 1}; the table is filled as in the paper ({@link Maglev}). The
 * datapath indexes it with a hash of the packet's tuple (hash_from_tuple_v4: jhash_3words of the
 * addresses and ports with the seed's second word) modulo M.
 */
public final class CiliumMaglev {
    /** Cilium's default table size M (--bpf-lb-maglev-table-size). */
    public static final int DEFAULT_TABLE_SIZE = 16381;
    /** Cilium's default seed (maglev.DefaultHashSeed). */
    public static final String DEFAULT_HASH_SEED = "JLfvgnHc2kaSUFaI";

    private final int m;
    private final int seedMurmur;
    private final int seedJhash0;

    /**
     * @throws IllegalArgumentException when M is not one of Cilium's sizes or the seed is not 12 bytes of base64
     */
    public CiliumMaglev(String seed, int m) {
        if (Arrays.stream(Maglev.PRIMES).noneMatch(p -> p == m)) {
            throw new IllegalArgumentException("--bpf-lb-maglev-table-size " + m + " is not supported; choose one of " + Arrays.toString(Maglev.PRIMES));
        }
        byte[] d;
        try {
            d = Base64.getDecoder().decode(seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot decode base64 Maglev hash seed \"" + seed + "\": " + e.getMessage());
        }
        if (d.length != 12) throw new IllegalArgumentException("Decoded hash seed is " + d.length + " bytes (not 12 bytes)");
        this.m = m;
        this.seedMurmur = be32(d, 0);
        this.seedJhash0 = be32(d, 4);
    }

    /** The table size M. */
    public int tableSize() {
        return m;
    }

    /** A backend's place in the permutation. */
    public Maglev.Permutation permutation(String backendName) {
        long[] h = Murmur3.hash128(backendName.getBytes(StandardCharsets.UTF_8), seedMurmur);
        return new Maglev.Permutation((int) Long.remainderUnsigned(h[0], m), (int) Long.remainderUnsigned(h[1], m - 1) + 1);
    }

    /** The lookup table of backend ids for backends named by address, each with its id; empty input gives an empty table. */
    public int[] lookupTable(Map<String, Integer> idsByName) {
        if (idsByName.isEmpty()) return new int[0];
        List<String> names = new ArrayList<>(idsByName.keySet());
        names.sort(null);
        List<Maglev.Permutation> perms = new ArrayList<>(names.size());
        for (String n : names) perms.add(permutation(n));
        int[] table = Maglev.build(m, perms);
        int[] ids = new int[m];
        for (int i = 0; i < m; i++) ids[i] = idsByName.get(names.get(table[i]));
        return ids;
    }

    /** The index into the table for a packet's tuple. */
    public int index(int saddr, int daddr, int sport, int dport) {
        int h = Jhash.jhash3Words(saddr, daddr, (dport << 16) | (sport & 0xffff), seedJhash0);
        return (int) Long.remainderUnsigned(h & 0xffffffffL, m);
    }

    private static int be32(byte[] b, int o) {
        return (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
    }
}
