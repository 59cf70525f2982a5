package io.kdp.linux.ipset;

import java.util.function.Consumer;

/**
 * The kernel's ipset hash table (net/netfilter/ipset/ip_set_hash_gen.h) for elements of 1 to 3 u32
 * words: {@code 2^htable_bits} buckets chosen by {@code jhash2(words, initval)}; each bucket an
 * array of at most {@code bucketsize} slots with a used bitmap. A new element takes the bucket's
 * first deleted slot, else the next free one; a full bucket doubles the table (mtype_resize, which
 * re-inserts bucket by bucket, slot by slot). Deletion shrinks the position when the last slot
 * goes and compacts a bucket holding two or more holes. {@link #forEach} walks buckets and slots in
 * that order, which is the order {@code ipset save} lists members. Lookups allocate nothing.
 */
final class HashTable {
    /** AHASH_INIT_SIZE: the slot growth step and the compaction threshold. */
    private static final int INIT_SIZE = 2;

    private final int width;
    private final int initval;
    private final int bucketsize;
    private int bits;
    private int[][] data;
    private long[] used;
    private int[] pos;
    private int elements;

    HashTable(int width, int hashsize, int bucketsize, int initval) {
        this.width = width;
        this.initval = initval;
        this.bucketsize = bucketsize;
        this.bits = htableBits(hashsize);
        allocate();
    }

    /** htable_bits: the hashsize rounded up to a power of two (at least IPSET_MIMINAL_HASHSIZE 64). */
    static int htableBits(int hashsize) {
        int size = Math.max(hashsize, 64);
        int b = 32 - Integer.numberOfLeadingZeros(size - 1);
        if ((1 << b) != size) b = 32 - Integer.numberOfLeadingZeros(size);
        return b;
    }

    private void allocate() {
        int n = 1 << bits;
        data = new int[n][];
        used = new long[n];
        pos = new int[n];
    }

    /** Current number of buckets, printed as {@code hashsize}. */
    int hashsize() { return 1 << bits; }

    int size() { return elements; }

    private int bucket(int w0, int w1, int w2) {
        return jhash2(w0, w1, w2, width, initval) & ((1 << bits) - 1);
    }

    private int find(int b, int w0, int w1, int w2) {
        int[] d = data[b];
        if (d == null) return -1;
        for (int j = 0; j < pos[b]; j++) {
            if ((used[b] & (1L << j)) == 0) continue;
            int o = j * width;
            if (d[o] != w0) continue;
            if (width > 1 && d[o + 1] != w1) continue;
            if (width > 2 && d[o + 2] != w2) continue;
            return j;
        }
        return -1;
    }

    /** Whether the element is present. */
    boolean contains(int w0, int w1, int w2) {
        return find(bucket(w0, w1, w2), w0, w1, w2) >= 0;
    }

    /** Adds an element; false if it was already there. */
    boolean add(int w0, int w1, int w2) {
        while (true) {
            int b = bucket(w0, w1, w2);
            if (find(b, w0, w1, w2) >= 0) return false;
            if (data[b] == null) data[b] = new int[bucketsize * width];
            int slot = -1;
            for (int j = 0; j < pos[b]; j++) {
                if ((used[b] & (1L << j)) == 0) {
                    slot = j; // reuse the first deleted entry
                    break;
                }
            }
            if (slot < 0) {
                if (pos[b] >= bucketsize) {
                    resize();
                    continue;
                }
                slot = pos[b]++;
            }
            put(b, slot, w0, w1, w2);
            elements++;
            return true;
        }
    }

    private void put(int b, int slot, int w0, int w1, int w2) {
        int o = slot * width;
        int[] d = data[b];
        d[o] = w0;
        if (width > 1) d[o + 1] = w1;
        if (width > 2) d[o + 2] = w2;
        used[b] |= 1L << slot;
    }

    /** Removes an element; false if it was not there. */
    boolean remove(int w0, int w1, int w2) {
        int b = bucket(w0, w1, w2);
        int j = find(b, w0, w1, w2);
        if (j < 0) return false;
        used[b] &= ~(1L << j);
        elements--;
        if (j + 1 == pos[b]) pos[b]--;
        int holes = 0;
        for (int k = 0; k < pos[b]; k++) if ((used[b] & (1L << k)) == 0) holes++;
        if (pos[b] == 0 && holes == 0) {
            data[b] = null;
        } else if (holes >= INIT_SIZE) {
            int[] d = data[b];
            int[] compact = new int[bucketsize * width];
            int k = 0;
            for (int s = 0; s < pos[b]; s++) {
                if ((used[b] & (1L << s)) == 0) continue;
                System.arraycopy(d, s * width, compact, k * width, width);
                k++;
            }
            data[b] = compact;
            pos[b] = k;
            used[b] = k == 64 ? -1L : (1L << k) - 1;
        }
        return true;
    }

    /** mtype_resize: one more bit, elements re-inserted in listing order; retried while a bucket overflows. */
    private void resize() {
        int[][] oldData = data;
        long[] oldUsed = used;
        int[] oldPos = pos;
        retry:
        while (true) {
            bits++;
            allocate();
            for (int b = 0; b < oldData.length; b++) {
                if (oldData[b] == null) continue;
                for (int j = 0; j < oldPos[b]; j++) {
                    if ((oldUsed[b] & (1L << j)) == 0) continue;
                    int o = j * width;
                    int w0 = oldData[b][o], w1 = width > 1 ? oldData[b][o + 1] : 0, w2 = width > 2 ? oldData[b][o + 2] : 0;
                    int nb = bucket(w0, w1, w2);
                    if (data[nb] == null) data[nb] = new int[bucketsize * width];
                    if (pos[nb] >= bucketsize) continue retry;
                    put(nb, pos[nb]++, w0, w1, w2);
                }
            }
            return;
        }
    }

    /** Removes everything (ipset flush); the table keeps its size. */
    void clear() {
        allocate();
        elements = 0;
    }

    /** Visits every element in bucket, then slot order; the array is reused between calls. */
    void forEach(Consumer<int[]> visitor) {
        int[] words = new int[width];
        for (int b = 0; b < data.length; b++) {
            if (data[b] == null) continue;
            for (int j = 0; j < pos[b]; j++) {
                if ((used[b] & (1L << j)) == 0) continue;
                System.arraycopy(data[b], j * width, words, 0, width);
                visitor.accept(words);
            }
        }
    }

    /** jhash2 (include/linux/jhash.h) over 1 to 3 words. */
    static int jhash2(int k0, int k1, int k2, int length, int initval) {
        return io.kdp.packet.Jhash.jhash2(k0, k1, k2, length, initval);
    }
}
