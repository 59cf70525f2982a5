package io.kdp.kubeproxy.nftables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * kube-proxy's {@code nftElementStorage}: what one set or map of the table holds after the last sync, so that a
 * sync writes only the elements that changed. {@link #reset} (full syncs) flushes the container; {@link #ensure}
 * adds a missing element, replaces one whose value changed (delete, then add) and leaves an unchanged one alone;
 * {@link #cleanupLeftovers} deletes the elements no service claimed in this sync. Go iterates maps at random;
 * kdp keeps insertion order.
 */
final class ElementStorage {
    private final boolean isMap;
    private final String name;
    private final Map<String, String> elements = new LinkedHashMap<>();
    private final Set<String> leftover = new LinkedHashSet<>();

    ElementStorage(boolean isMap, String name) {
        this.isMap = isMap;
        this.name = name;
    }

    /** Forgets the elements and flushes the container. */
    void reset(KnftTransaction tx) {
        elements.clear();
        if (isMap) tx.flushMap(name);
        else tx.flushSet(name);
        leftover.clear();
    }

    /** Forgets everything without writing (after a failed transaction, the next sync is a full one). */
    void clear() {
        elements.clear();
        leftover.clear();
    }

    /** ensureElem: {@code key} (parts joined by {@code " . "}), {@code value} null for a set. */
    void ensure(KnftTransaction tx, String key, String comment, String value) {
        String v = value == null ? "" : value;
        String old = elements.get(key);
        if (old != null) {
            if (!old.equals(v)) {
                tx.deleteElement(name, key);
                tx.addElement(name, key, comment, value);
                elements.put(key, v);
            }
            leftover.remove(key);
        } else {
            tx.addElement(name, key, comment, value);
            elements.put(key, v);
        }
    }

    /** Deletes the elements not ensured since the last cleanup. */
    void cleanupLeftovers(KnftTransaction tx) {
        for (String key : new ArrayList<>(leftover)) {
            tx.deleteElement(name, key);
            elements.remove(key);
        }
        leftover.clear();
        leftover.addAll(elements.keySet());
    }

    /** The number of elements held. */
    int size() {
        return elements.size();
    }
}
