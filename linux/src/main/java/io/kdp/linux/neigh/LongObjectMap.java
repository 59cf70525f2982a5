package io.kdp.linux.neigh;

import java.util.function.BiConsumer;

/** Open-addressing {@code long -> V} map (linear probing, backward-shift delete) for MAC keys; lookups do not allocate. */
final class LongObjectMap<V> {
    private long[] keys = new long[16];
    private Object[] values = new Object[16];
    private int size;

    private static int hash(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return (int) k;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) return null;
            if (keys[i] == key) return (V) values[i];
        }
    }

    void put(long key, V value) {
        if ((size + 1) * 4 > keys.length * 3) grow();
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    void remove(long key) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (true) {
            if (values[i] == null) return;
            if (keys[i] == key) break;
            i = (i + 1) & mask;
        }
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = hash(keys[j]) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        size--;
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<Long, V> action) {
        for (int i = 0; i < keys.length; i++) if (values[i] != null) action.accept(keys[i], (V) values[i]);
    }

    private void grow() {
        long[] ok = keys;
        Object[] ov = values;
        keys = new long[ok.length * 2];
        values = new Object[ok.length * 2];
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ov[i] != null) {
                @SuppressWarnings("unchecked")
                V v = (V) ov[i];
                put(ok[i], v);
            }
        }
    }
}
