package io.kdp.linux.bpf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A BPF map (kernel/bpf/hashtab.c, arraymap.c): a named table of fixed-size keys and values shared
 * by BPF programs and user space. Programs call {@link #lookup}, {@link #update} and {@link #delete}
 * (bpf_map_lookup_elem and friends); user space does the same through bpf(2) and prints it with
 * {@link BpftoolMapDump}.
 *
 * <p>Semantics kept: {@link BpfMapType#HASH} refuses a new key with {@code E2BIG} when full;
 * {@link BpfMapType#LRU_HASH} evicts the least recently used entry instead (a lookup counts as a
 * use); {@link BpfMapType#ARRAY} has every index from 0 to max_entries-1, zero-filled until written,
 * and refuses deletion with {@code EINVAL}. Update flags are BPF_ANY, BPF_NOEXIST ({@code EEXIST} if
 * present) and BPF_EXIST ({@code ENOENT} if absent). Iteration is in insertion order (the kernel
 * walks hash buckets); an LRU map iterates least recently used first.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class BpfMap<K, V> {
    /** BPF_ANY: create or update. */
    public static final int BPF_ANY = 0;
    /** BPF_NOEXIST: create only. */
    public static final int BPF_NOEXIST = 1;
    /** BPF_EXIST: update only. */
    public static final int BPF_EXIST = 2;

    private final String name;
    private final BpfMapType type;
    private final BpfCodec<K> keyCodec;
    private final BpfCodec<V> valueCodec;
    private final int maxEntries;
    private final V zero;
    private final LinkedHashMap<K, V> entries;

    private BpfMap(String name, BpfMapType type, BpfCodec<K> keyCodec, BpfCodec<V> valueCodec, int maxEntries, V zero) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("a map needs a name");
        if (maxEntries < 1) throw new IllegalArgumentException("map " + name + ": max_entries must be at least 1");
        this.name = name;
        this.type = type;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.maxEntries = maxEntries;
        this.zero = zero;
        this.entries = new LinkedHashMap<>(16, 0.75f, type == BpfMapType.LRU_HASH);
    }

    /** A hash, LRU hash or hash-of-maps map. */
    public static <K, V> BpfMap<K, V> create(String name, BpfMapType type, BpfCodec<K> key, BpfCodec<V> value, int maxEntries) {
        if (type == BpfMapType.ARRAY) throw new IllegalArgumentException("map " + name + ": use array() for BPF_MAP_TYPE_ARRAY");
        return new BpfMap<>(name, type, key, value, maxEntries, null);
    }

    /** An array map of {@code maxEntries} slots, each {@code zero} until written. */
    public static <V> BpfMap<Integer, V> array(String name, BpfCodec<V> value, int maxEntries, V zero) {
        return new BpfMap<>(name, BpfMapType.ARRAY, BpfCodec.U32, value, maxEntries, Objects.requireNonNull(zero, "zero"));
    }

    public String name() { return name; }
    public BpfMapType type() { return type; }
    public int maxEntries() { return maxEntries; }
    public BpfCodec<K> keyCodec() { return keyCodec; }
    public BpfCodec<V> valueCodec() { return valueCodec; }

    /** bpf_map_lookup_elem: the value, or null. In an LRU map this marks the entry used. */
    public V lookup(K key) {
        if (type == BpfMapType.ARRAY) {
            int i = (Integer) key;
            if (i < 0 || i >= maxEntries) return null;
            V v = entries.get(key);
            return v == null ? zero : v;
        }
        return entries.get(key);
    }

    /** Whether the key is present, without marking an LRU entry used. */
    public boolean contains(K key) {
        if (type == BpfMapType.ARRAY) {
            int i = (Integer) key;
            return i >= 0 && i < maxEntries;
        }
        return entries.containsKey(key);
    }

    /** bpf_map_update_elem with BPF_ANY. */
    public void update(K key, V value) {
        update(key, value, BPF_ANY);
    }

    /** bpf_map_update_elem. */
    public void update(K key, V value, int flags) {
        Objects.requireNonNull(value, "value");
        if (type == BpfMapType.ARRAY) {
            int i = (Integer) key;
            if (i < 0 || i >= maxEntries) throw new BpfMapException("E2BIG", "update " + name + ": index " + i + " is not below max_entries " + maxEntries);
            if (flags == BPF_NOEXIST) throw new BpfMapException("EEXIST", "update " + name + ": array elements always exist");
            entries.put(key, value);
            return;
        }
        if (flags == BPF_ANY) {
            // one hash operation on the per-packet path (conntrack entries are updated for every packet)
            V old = entries.put(key, value);
            if (old != null || entries.size() <= maxEntries) return;
            if (type != BpfMapType.LRU_HASH) {
                entries.remove(key);
                throw new BpfMapException("E2BIG", "update " + name + ": map is full (max_entries " + maxEntries + ")");
            }
            entries.remove(entries.keySet().iterator().next()); // the least recently used, never the entry just added
            return;
        }
        boolean present = entries.containsKey(key);
        if (flags == BPF_NOEXIST && present) throw new BpfMapException("EEXIST", "update " + name + ": key exists");
        if (flags == BPF_EXIST && !present) throw new BpfMapException("ENOENT", "update " + name + ": no such key");
        if (!present && entries.size() >= maxEntries) {
            if (type != BpfMapType.LRU_HASH) throw new BpfMapException("E2BIG", "update " + name + ": map is full (max_entries " + maxEntries + ")");
            K eldest = entries.keySet().iterator().next();
            entries.remove(eldest);
        }
        entries.put(key, value);
    }

    /** bpf_map_delete_elem; returns false (ENOENT) when the key was absent. */
    public boolean delete(K key) {
        if (type == BpfMapType.ARRAY) throw new BpfMapException("EINVAL", "delete " + name + ": array elements cannot be deleted");
        return entries.remove(key) != null;
    }

    /** Number of entries (for an array, the slots written). */
    public int size() {
        return entries.size();
    }

    /** Removes every entry. */
    public void clear() {
        entries.clear();
    }

    /** The entries, read-only, without marking anything used (a dump). */
    public Map<K, V> entries() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Visits every entry (an array visits its written slots), without marking anything used. */
    public void forEach(BiConsumer<K, V> visitor) {
        for (Map.Entry<K, V> e : new LinkedHashMap<>(entries).entrySet()) visitor.accept(e.getKey(), e.getValue());
    }

    @Override
    public String toString() {
        return type.bpftoolName() + "  name " + name + "  key " + keyCodec.size() + "B  value " + valueCodec.size() + "B  max_entries " + maxEntries;
    }
}
