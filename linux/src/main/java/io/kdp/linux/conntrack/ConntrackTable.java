package io.kdp.linux.conntrack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The conntrack hash table of one namespace (net->ct.hash): every confirmed entry is reachable by
 * both its original and its reply tuple, so a lookup of a packet's tuple also says which direction
 * the packet travels. Expired entries are invisible and removed when met, as
 * ____nf_conntrack_find does with nf_ct_gc_expired. Entries are kept in insertion order for dumps.
 */
final class ConntrackTable {
    private final Map<ConntrackTuple, ConntrackEntry> byTuple = new HashMap<>();
    private final LinkedHashSet<ConntrackEntry> entries = new LinkedHashSet<>();
    /** Told of every entry that leaves the table (NAT forgets its source mapping). */
    private final Consumer<ConntrackEntry> onRemove;

    ConntrackTable(Consumer<ConntrackEntry> onRemove) {
        this.onRemove = onRemove;
    }

    /** The live entry with this tuple in either direction, or null. Removes it if it expired. */
    ConntrackEntry find(ConntrackTuple t, long now) {
        ConntrackEntry e = byTuple.get(t);
        if (e != null && e.expired(now)) {
            remove(e);
            return null;
        }
        return e;
    }

    void insert(ConntrackEntry e) {
        byTuple.put(e.original(), e);
        byTuple.put(e.reply(), e);
        entries.add(e);
    }

    boolean remove(ConntrackEntry e) {
        if (!entries.remove(e)) return false;
        byTuple.remove(e.original(), e);
        byTuple.remove(e.reply(), e);
        onRemove.accept(e);
        return true;
    }

    /**
     * nf_conntrack_tuple_taken: whether a confirmed entry other than {@code ignored} uses
     * {@code t} in either direction. An entry whose reply tuple is {@code t} and whose original
     * tuple equals {@code ignored}'s is not a clash (the same connection seen again).
     */
    boolean taken(ConntrackTuple t, ConntrackEntry ignored, long now) {
        ConntrackEntry e = find(t, now);
        if (e == null || e == ignored) return false;
        return !(e.reply().equals(t) && !e.original().equals(t) && e.original().equals(ignored.original()));
    }

    /** Entries in insertion order (a snapshot). */
    List<ConntrackEntry> entries() {
        return new ArrayList<>(entries);
    }

    int size() {
        return entries.size();
    }

    /** Removes expired entries; returns them. */
    List<ConntrackEntry> expire(long now) {
        List<ConntrackEntry> dead = new ArrayList<>();
        for (ConntrackEntry e : entries) if (e.expired(now)) dead.add(e);
        for (ConntrackEntry e : dead) remove(e);
        return dead;
    }
}
