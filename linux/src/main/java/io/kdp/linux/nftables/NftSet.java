package io.kdp.linux.nftables;

import io.kdp.linux.util.LongObjectMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An nftables set or map (struct nft_set), named or anonymous. Keys are packed into a {@code long}
 * ({@link NftType}); exact-match sets look keys up in a primitive hash map, interval sets in sorted
 * arrays by binary search, so a per-packet lookup does not allocate.
 */
public final class NftSet {
    static final int F_CONSTANT = 1, F_INTERVAL = 2, F_TIMEOUT = 4, F_DYNAMIC = 8;

    private final String name;
    private final NftType[] keyTypes;
    private final NftType dataType;
    private final boolean anonymous;
    int flags;
    long timeoutNanos;
    int size;
    String comment;
    int handle;
    /** How many rules use the set (the kernel's set->use). */
    int use;

    private final Map<Object, NftElement> byKey = new LinkedHashMap<>();
    private final LongObjectMap<NftElement> hash = new LongObjectMap<>();
    private long[] los = new long[0];
    private long[] his = new long[0];
    private NftElement[] intervals = new NftElement[0];
    private boolean intervalsDirty;

    NftSet(String name, NftType[] keyTypes, NftType dataType, boolean anonymous) {
        this.name = name;
        this.keyTypes = keyTypes;
        this.dataType = dataType;
        this.anonymous = anonymous;
    }

    public String name() { return name; }

    /** Whether this is a map (has a data type). */
    public boolean isMap() { return dataType != null; }

    /** Whether the map's data are verdicts. */
    public boolean isVerdictMap() { return dataType == NftType.VERDICT; }

    public boolean anonymous() { return anonymous; }

    NftType[] keyTypes() { return keyTypes; }

    NftType dataType() { return dataType; }

    boolean interval() { return (flags & F_INTERVAL) != 0; }

    /** Whether keys are kept as text (IPv6): such elements never match an IPv4 packet. */
    boolean textKeys() {
        for (NftType t : keyTypes) if (t.width() == 0) return true;
        return false;
    }

    /** Total packed key width in bits. */
    int keyWidth() {
        int w = 0;
        for (NftType t : keyTypes) w += t.width();
        return w;
    }

    /** The number of live elements. */
    public int elementCount() {
        return byKey.size();
    }

    /** The element whose key (or interval) holds {@code key} and has not expired, else null. Does not allocate. */
    NftElement lookup(long key, long now) {
        NftElement e;
        if ((flags & F_INTERVAL) == 0) {
            e = hash.get(key);
        } else {
            if (intervalsDirty) rebuildIntervals();
            int lo = 0, hi = los.length - 1;
            e = null;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (los[mid] > key) hi = mid - 1;
                else if (his[mid] < key) lo = mid + 1;
                else {
                    e = intervals[mid];
                    break;
                }
            }
        }
        return e == null || e.expired(now) ? null : e;
    }

    /** The element stored under exactly this key (interval start), or null. */
    NftElement get(NftElement probe) {
        return byKey.get(mapKey(probe));
    }

    /** Finds an element overlapping {@code e} in an interval set, or null. */
    NftElement overlapping(NftElement e) {
        if ((flags & F_INTERVAL) == 0) return null;
        for (NftElement o : byKey.values()) if (o.key <= e.keyEnd && e.key <= o.keyEnd && o.key != e.key) return o;
        return null;
    }

    void add(NftElement e) {
        byKey.put(mapKey(e), e);
        if (e.textKey != null) return;
        if ((flags & F_INTERVAL) == 0) hash.put(e.key, e);
        else intervalsDirty = true;
    }

    NftElement remove(NftElement probe) {
        NftElement old = byKey.remove(mapKey(probe));
        if (old != null && old.textKey == null) {
            if ((flags & F_INTERVAL) == 0) hash.remove(old.key);
            else intervalsDirty = true;
        }
        return old;
    }

    void clear() {
        byKey.clear();
        hash.clear();
        intervalsDirty = true;
    }

    /** A copy of the elements (for undo). */
    List<NftElement> snapshot() {
        return new ArrayList<>(byKey.values());
    }

    private static Object mapKey(NftElement e) {
        return e.textKey != null ? e.textKey : (Object) e.key;
    }

    private void rebuildIntervals() {
        NftElement[] es = byKey.values().stream().filter(x -> x.textKey == null).sorted(Comparator.comparingLong(x -> x.key)).toArray(NftElement[]::new);
        los = new long[es.length];
        his = new long[es.length];
        for (int i = 0; i < es.length; i++) {
            los[i] = es[i].key;
            his[i] = es[i].keyEnd;
        }
        intervals = es;
        intervalsDirty = false;
    }

    /**
     * The live elements in the order {@code nft list} shows them: sorted for interval sets and for
     * keys of at most 16 bits (the kernel's rbtree and bitmap backends), insertion order otherwise
     * (the kernel's hash backends iterate in hash order, which is random per boot).
     */
    List<NftElement> listed(long now) {
        List<NftElement> out = new ArrayList<>();
        for (NftElement e : byKey.values()) if (!e.expired(now)) out.add(e);
        if (!textKeys() && ((flags & F_INTERVAL) != 0 || (keyTypes.length == 1 && keyTypes[0].width() <= 16))) {
            out.sort(Comparator.comparingLong(e -> e.key));
        }
        return out;
    }

    /** Appends an element's key as nft prints it: concatenation parts, prefix or range. */
    void renderKey(StringBuilder sb, NftElement e) {
        if (e.textKey != null) {
            sb.append(e.textKey);
            return;
        }
        if (keyTypes.length == 1) {
            NftType t = keyTypes[0];
            sb.append(t.format(e.key));
            if (e.keyEnd != e.key) {
                int prefix = prefixLength(t, e.key, e.keyEnd);
                if (prefix >= 0) sb.append('/').append(prefix);
                else sb.append('-').append(t.format(e.keyEnd));
            }
            return;
        }
        int shift = keyWidth();
        for (int i = 0; i < keyTypes.length; i++) {
            NftType t = keyTypes[i];
            shift -= t.width();
            if (i > 0) sb.append(" . ");
            sb.append(t.format((e.key >>> shift) & t.max()));
        }
    }

    /** The prefix length if {@code [lo, hi]} is exactly an IPv4 prefix, else -1. */
    static int prefixLength(NftType t, long lo, long hi) {
        if (t != NftType.IPV4_ADDR) return -1;
        long size = hi - lo + 1;
        if (Long.bitCount(size) != 1 || (lo & (size - 1)) != 0) return -1;
        return 32 - Long.numberOfTrailingZeros(size);
    }

    /** The type line: {@code ipv4_addr . inet_proto . inet_service : verdict}. */
    String typeText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keyTypes.length; i++) sb.append(i > 0 ? " . " : "").append(keyTypes[i].keyword());
        if (dataType != null) sb.append(" : ").append(dataType.keyword());
        return sb.toString();
    }

    @Override
    public String toString() {
        return (isMap() ? "map " : "set ") + name + " { type " + typeText() + " }";
    }
}
