package io.kdp.k8s.yaml;

/** A YAML value with the 1-based line it starts on, so every error can name its line. */
public sealed interface YamlNode permits YamlMap, YamlList, YamlScalar {
    /** 1-based line of the value's first token. */
    int line();

    /** A short description of the value's type for error messages ("a map", "a list", "a string", ...). */
    String describe();
}
