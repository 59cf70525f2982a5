package io.kdp.k8s.yaml;

/** One key of a YAML mapping, with the line of the key. */
public record YamlEntry(String key, int line, YamlNode value) {
}
