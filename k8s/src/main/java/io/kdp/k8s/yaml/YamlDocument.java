package io.kdp.k8s.yaml;

/** One document of a multi-document YAML stream: the source name, the line it starts on and its root value. */
public record YamlDocument(String source, int startLine, YamlNode root) {
}
