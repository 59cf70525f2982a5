package io.kdp.k8s.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A YAML mapping in document order; keys are unique (the tree reader rejects duplicates). */
public record YamlMap(int line, Map<String, YamlEntry> entries) implements YamlNode {
    public YamlMap {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** The entry for {@code key}, or null. */
    public YamlEntry entry(String key) {
        return entries.get(key);
    }

    /** The value of {@code key}, or null when absent. */
    public YamlNode get(String key) {
        YamlEntry e = entries.get(key);
        return e == null ? null : e.value();
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value of {@code key} when it is a string scalar, else null. */
    public String string(String key) {
        return get(key) instanceof YamlScalar s && s.type() == YamlScalar.Type.STRING ? s.text() : null;
    }

    @Override
    public String describe() {
        return "a map";
    }
}
