package io.kdp.k8s.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-safe immutable copies used by the records' compact constructors (absent collections become empty). */
final class Norm {
    private Norm() {}

    static <T> List<T> list(List<T> in) {
        if (in == null || in.isEmpty()) return List.of();
        return Collections.unmodifiableList(new ArrayList<>(in));
    }

    /** Keeps insertion order, so rendered output follows the manifest. */
    static <K, V> Map<K, V> map(Map<K, V> in) {
        if (in == null || in.isEmpty()) return Map.of();
        return Collections.unmodifiableMap(new LinkedHashMap<>(in));
    }

    static String str(String s) {
        return s == null ? "" : s;
    }
}
