package io.kdp.k8s.yaml;

/**
 * A YAML scalar with its resolved type: quoted scalars are always strings; plain ones may be numbers,
 * booleans or null, as the YAML core schema resolves them.
 */
public record YamlScalar(int line, Type type, String text) implements YamlNode {
    public enum Type { STRING, INT, FLOAT, BOOL, NULL }

    /** The scalar as it would be quoted in an error message: strings in double quotes, others bare. */
    public String quoted() {
        return type == Type.STRING ? '"' + text + '"' : text;
    }

    @Override
    public String describe() {
        return switch (type) {
            case STRING -> "a string";
            case INT -> "an integer";
            case FLOAT -> "a number";
            case BOOL -> "a boolean";
            case NULL -> "null";
        };
    }
}
