package io.kdp.kubeproxy.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.linux.lb.Maglev;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cilium's Maglev: default M = 16381, names hashed with MurmurHash3 and the cluster seed. */
class CiliumMaglevTest {
    static final CiliumMaglev MAGLEV = new CiliumMaglev(CiliumMaglev.DEFAULT_HASH_SEED, CiliumMaglev.DEFAULT_TABLE_SIZE);

    static Map<String, Integer> three() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("10.244.0.4:8080/TCP", 1);
        m.put("10.244.1.3:8080/TCP", 2);
        m.put("10.244.2.3:8080/TCP", 3);
        return m;
    }

    static int[] counts(int[] table) {
        int[] c = new int[4];
        for (int id : table) c[id]++;
        return c;
    }

    @Test
    void permutationIsMurmur3OfTheNameModuloM() {
        // h1 = 0x39a413f86dc819cc, h2 = 0xa4f6188b7453b828 (Murmur3Test): offset = h1 mod 16381, skip = h2 mod 16380 + 1
        Maglev.Permutation p = MAGLEV.permutation("10.244.1.3:8080/TCP");
        assertThat(p.offset()).isEqualTo((int) Long.remainderUnsigned(0x39a413f86dc819ccL, 16381));
        assertThat(p.skip()).isEqualTo((int) Long.remainderUnsigned(0xa4f6188b7453b828L, 16380) + 1);
    }

    @Test
    void threeBackendsShareTheDefaultTableEvenly() {
        int[] table = MAGLEV.lookupTable(three());
        assertThat(table).hasSize(16381);
        int[] c = counts(table);
        double fair = 16381 / 3.0;
        for (int id = 1; id <= 3; id++) assertThat(Math.abs(c[id] - fair) / fair).isLessThan(0.01);
        // round-robin population: the shares differ by at most one slot
        assertThat(c[1] + c[2] + c[3]).isEqualTo(16381);
        assertThat(Math.max(c[1], Math.max(c[2], c[3])) - Math.min(c[1], Math.min(c[2], c[3]))).isLessThanOrEqualTo(1);
    }

    @Test
    void removingABackendMovesItsSlotsAndAlmostNothingElse() {
        int[] before = MAGLEV.lookupTable(three());
        Map<String, Integer> two = three();
        two.remove("10.244.1.3:8080/TCP");
        int[] after = MAGLEV.lookupTable(two);
        int movedFromRemoved = 0, movedOthers = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] == 2) {
                assertThat(after[i]).isIn(1, 3);
                movedFromRemoved++;
            } else if (after[i] != before[i]) {
                movedOthers++;
            }
        }
        assertThat(movedFromRemoved).isEqualTo(counts(before)[2]);
        // Maglev trades perfect stability for balance (the paper's own Table 1 moves one B0 slot): the
        // survivors' slots that move are a small fraction of the table.
        assertThat(movedOthers).isLessThan(16381 / 100);
        int[] c = counts(after);
        assertThat(Math.abs(c[1] - c[3])).isLessThanOrEqualTo(1);
    }

    @Test
    void theTableDependsOnTheBackendsNotOnTheirOrderNorTheirIds() {
        Map<String, Integer> reversed = new LinkedHashMap<>();
        reversed.put("10.244.2.3:8080/TCP", 3);
        reversed.put("10.244.1.3:8080/TCP", 2);
        reversed.put("10.244.0.4:8080/TCP", 1);
        assertThat(MAGLEV.lookupTable(reversed)).isEqualTo(MAGLEV.lookupTable(three()));
        // Another node numbers the same backends differently: same slots, its own ids.
        Map<String, Integer> renumbered = new LinkedHashMap<>();
        renumbered.put("10.244.0.4:8080/TCP", 7);
        renumbered.put("10.244.1.3:8080/TCP", 8);
        renumbered.put("10.244.2.3:8080/TCP", 9);
        int[] a = MAGLEV.lookupTable(three()), b = MAGLEV.lookupTable(renumbered);
        for (int i = 0; i < a.length; i++) assertThat(b[i]).isEqualTo(a[i] + 6);
    }

    @Test
    void anotherSeedGivesAnotherTable() {
        CiliumMaglev other = new CiliumMaglev("AAAAAAAAAAAAAAAA", 251);
        CiliumMaglev same = new CiliumMaglev(CiliumMaglev.DEFAULT_HASH_SEED, 251);
        assertThat(other.lookupTable(three())).isNotEqualTo(same.lookupTable(three()));
    }

    @Test
    void rejectsWhatCiliumRejects() {
        assertThatThrownBy(() -> new CiliumMaglev(CiliumMaglev.DEFAULT_HASH_SEED, 16383))
                .hasMessage("--bpf-lb-maglev-table-size 16383 is not supported; choose one of [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071]");
        assertThatThrownBy(() -> new CiliumMaglev("AAAA", 251)).hasMessage("Decoded hash seed is 3 bytes (not 12 bytes)");
        assertThatThrownBy(() -> new CiliumMaglev("not base64!", 251)).hasMessageStartingWith("Cannot decode base64 Maglev hash seed \"not base64!\"");
    }
}
