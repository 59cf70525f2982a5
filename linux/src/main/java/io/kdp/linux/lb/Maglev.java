package io.kdp.linux.lb;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016, section 3.4): each backend {@code i} has a
 * preference list {@code permutation[i][j] = (offset_i + j * skip_i) mod M}; the lookup table is
 * filled round-robin, each backend taking its next unclaimed preferred slot, until all {@code M}
 * slots are taken.
 *
 * <p>The builder takes the per-backend {@code (offset, skip)} pairs, so each user brings its own
 * hash functions: IPVS {@code mh} derives them from hsiphash of the real server (ip_vs_mh.c),
 * Cilium from its own seeded hash. An optional per-backend {@code turns} count gives weighted
 * population as ip_vs_mh_populate does: a backend claims {@code turns} slots in a row before the
 * next backend's turn, and a backend with zero turns gets none. With every turn 1 this is exactly
 * the paper's Populate pseudo-code.
 */
public final class Maglev {
    /** The table sizes IPVS mh and Cilium offer (primes). */
    public static final int[] PRIMES = {251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071};

    private Maglev() {}

    /** One backend's place in the permutation: its first preferred slot and its stride. */
    public record Permutation(int offset, int skip) {
        public Permutation {
            if (offset < 0) throw new IllegalArgumentException("offset " + offset + " is negative");
            if (skip < 1) throw new IllegalArgumentException("skip " + skip + " must be at least 1");
        }

        /**
         * The paper's derivation from two hash values: {@code offset = h1 mod M},
         * {@code skip = h2 mod (M - 1) + 1}; hashes are read as unsigned 32-bit values.
         */
        public static Permutation fromHashes(int h1, int h2, int m) {
            long u1 = h1 & 0xffffffffL, u2 = h2 & 0xffffffffL;
            return new Permutation((int) (u1 % m), (int) (u2 % (m - 1)) + 1);
        }
    }

    /** Builds the table for unweighted backends; entry {@code k} is the index of the backend owning slot {@code k}. */
    public static int[] build(int m, List<Permutation> permutations) {
        int[] turns = new int[permutations.size()];
        java.util.Arrays.fill(turns, 1);
        return build(m, permutations, turns);
    }

    /** Builds the table from hash functions of the backends, as the paper's {@code h1(name)}, {@code h2(name)}. */
    public static <T> int[] build(int m, List<T> backends, ToIntFunction<T> h1, ToIntFunction<T> h2) {
        return build(m, backends.stream().map(b -> Permutation.fromHashes(h1.applyAsInt(b), h2.applyAsInt(b), m)).toList());
    }

    /**
     * Builds the table with weights: backend {@code i} claims {@code turns[i]} consecutive picks per
     * round (ip_vs_mh_populate). Slots stay -1 only when no backend has a turn.
     *
     * @throws IllegalArgumentException if {@code m} is not prime, the lists differ in length, or an
     *     offset is not below {@code m}
     */
    public static int[] build(int m, List<Permutation> permutations, int[] turns) {
        if (!isPrime(m)) throw new IllegalArgumentException("Maglev table size " + m + " is not prime");
        int n = permutations.size();
        if (turns.length != n) throw new IllegalArgumentException(n + " permutations but " + turns.length + " weights");
        int[] table = new int[m];
        java.util.Arrays.fill(table, -1);
        int[] next = new int[n];
        int[] skip = new int[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            Permutation p = permutations.get(i);
            if (p.offset() >= m) throw new IllegalArgumentException("offset " + p.offset() + " of backend " + i + " is not below M=" + m);
            next[i] = p.offset();
            skip[i] = p.skip() % m == 0 ? 1 : p.skip() % m;
            any |= turns[i] > 0;
        }
        if (!any) return table;
        boolean[] taken = new boolean[m];
        int filled = 0;
        while (true) {
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < turns[i]; t++) {
                    int c = next[i];
                    while (taken[c]) {
                        c += skip[i];
                        if (c >= m) c -= m;
                    }
                    next[i] = c;
                    taken[c] = true;
                    table[c] = i;
                    if (++filled == m) return table;
                }
            }
        }
    }

    /** Whether {@code m} is a prime, as a Maglev table size must be for every skip to visit every slot. */
    public static boolean isPrime(int m) {
        if (m < 2) return false;
        for (int d = 2; (long) d * d <= m; d++) if (m % d == 0) return false;
        return true;
    }
}
