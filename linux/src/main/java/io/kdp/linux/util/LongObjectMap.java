package io.kdp.linux.util;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * An open-addressing {@code long -> V} hash map (linear probing, backward-shift delete) so that
 * per-packet lookups by an IPv4 address, a MAC address or a packed set key neither box the key nor
 * allocate. Null values are not allowed.
 */
public final class LongObjectMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;

    public LongObjectMap() {
        this(16);
    }

    public LongObjectMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new Object[cap];
    }

    private static int hash(long k) {
        // murmur3 fmix64: spreads keys that differ only in high bits (network addresses, MAC OUIs).
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return (int) k;
    }

    /** The value for {@code key}, or null. Does not allocate. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) return (V) v;
        }
    }

    /** Stores {@code value} (non-null) and returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        if ((size + 1) * 4 > keys.length * 3) grow();
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                keys[i] = key;
                values[i] = value;
                size++;
                return null;
            }
            if (keys[i] == key) {
                values[i] = value;
                return (V) v;
            }
        }
    }

    /** Removes {@code key}; returns the removed value or null. */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (true) {
            Object v = values[i];
            if (v == null) return null;
            if (keys[i] == key) break;
            i = (i + 1) & mask;
        }
        V old = (V) values[i];
        // Backward-shift: move later members of the probe run into the hole.
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
        keys[hole] = 0;
        size--;
        return old;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Visits every entry in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<Long, V> action) {
        for (int i = 0; i < keys.length; i++) if (values[i] != null) action.accept(keys[i], (V) values[i]);
    }

    public void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                @SuppressWarnings("unchecked")
                V v = (V) oldValues[i];
                put(oldKeys[i], v);
            }
        }
    }
}
