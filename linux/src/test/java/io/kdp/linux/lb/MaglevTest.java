package io.kdp.linux.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaglevTest {
    private static final Maglev.Permutation B0 = new Maglev.Permutation(3, 4);
    private static final Maglev.Permutation B1 = new Maglev.Permutation(0, 2);
    private static final Maglev.Permutation B2 = new Maglev.Permutation(3, 1);

    @Test
    void reproducesThePapersTableOne() {
        assertThat(Maglev.build(7, List.of(B0, B1, B2))).containsExactly(1, 0, 1, 0, 2, 2, 0);
    }

    @Test
    void papersTableAfterRemovingB1() {
        int[] t = Maglev.build(7, List.of(B0, B2));
        // indexes into the new list: 0 = B0, 1 = B2
        assertThat(t).containsExactly(0, 0, 0, 0, 1, 1, 1);
    }

    @Test
    void hashFunctionsFeedOffsetAndSkipAsThePaperSays() {
        // h1 mod 7 and h2 mod 6 + 1 give back the paper's pairs
        List<String> names = List.of("B0", "B1", "B2");
        int[] h1 = {3, 7, 10}, h2 = {3, 1, 6};
        int[] t = Maglev.build(7, names, n -> h1[names.indexOf(n)], n -> h2[names.indexOf(n)]);
        assertThat(t).containsExactly(1, 0, 1, 0, 2, 2, 0);
    }

    @Test
    void weightsAreConsecutiveTurns() {
        // B0 takes two picks per round (3, 0), B1 one (2); then B0 4, 1 and B1 6; B0 ends with 5.
        assertThat(Maglev.build(7, List.of(B0, B1), new int[] {2, 1})).containsExactly(0, 0, 1, 0, 0, 0, 1);
        assertThat(Maglev.build(7, List.of(B0, B1), new int[] {0, 0})).containsOnly(-1);
    }

    @Test
    void spreadIsEvenForEqualWeights() {
        List<Maglev.Permutation> perms = List.of(Maglev.Permutation.fromHashes(0x12345678, 0x9abcdef0, 4093),
                Maglev.Permutation.fromHashes(0x0badcafe, 0xfeedface, 4093), Maglev.Permutation.fromHashes(-7, 991, 4093));
        int[] count = new int[3];
        for (int b : Maglev.build(4093, perms)) count[b]++;
        assertThat(count).containsExactlyInAnyOrder(1365, 1364, 1364);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Maglev.build(8, List.of(B0))).hasMessage("Maglev table size 8 is not prime");
        assertThatThrownBy(() -> Maglev.build(7, List.of(new Maglev.Permutation(9, 1)))).hasMessage("offset 9 of backend 0 is not below M=7");
        assertThatThrownBy(() -> new Maglev.Permutation(1, 0)).hasMessage("skip 0 must be at least 1");
    }
}
