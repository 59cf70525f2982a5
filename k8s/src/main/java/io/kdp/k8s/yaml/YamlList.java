package io.kdp.k8s.yaml;

import java.util.List;

/** A YAML sequence. */
public record YamlList(int line, List<YamlNode> items) implements YamlNode {
    public YamlList {
        items = List.copyOf(items);
    }

    @Override
    public String describe() {
        return "a list";
    }
}
