package io.kdp.k8s.yaml;

import io.kdp.k8s.model.ApiEnum;
import io.kdp.k8s.model.IntOrString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, strict access to the fields of one YAML mapping of a known API type. Construction rejects any field
 * not in the type's known set (naming the field, its line and the closest known name); the getters check
 * value types and ranges. Every error is a {@link ManifestException} naming {@code file:line: field.path}.
 * An explicit YAML {@code null} is read as an absent field, as Go's JSON decoding does.
 */
public final class FieldReader {
    private final String source;
    private final String path;
    private final YamlMap map;

    private FieldReader(String source, String path, YamlMap map) {
        this.source = source;
        this.path = path;
        this.map = map;
    }

    /**
     * A reader over {@code node}, which must be a mapping whose fields are all in {@code known}.
     *
     * @param path the field path of {@code node} ({@code ""} for a document root), used in messages
     * @param typeName the API type name for messages, e.g. {@code ServiceSpec}
     */
    public static FieldReader of(String source, String path, YamlNode node, String typeName, Set<String> known)
            throws ManifestException {
        if (!(node instanceof YamlMap m)) {
            throw new ManifestException(source, node.line(), path, "expected a map (" + typeName + "), got " + node.describe());
        }
        for (YamlEntry e : m.entries().values()) {
            if (!known.contains(e.key())) {
                String hint = Suggest.closest(e.key(), known);
                throw new ManifestException(source, e.line(), join(path, e.key()), "unknown field \"" + e.key() + "\" in "
                        + typeName + (hint == null ? "" : " (did you mean \"" + hint + "\"?)"));
            }
        }
        return new FieldReader(source, path, m);
    }

    /** The source name. */
    public String source() {
        return source;
    }

    /** This mapping's field path. */
    public String path() {
        return path;
    }

    /** The mapping's own line. */
    public int line() {
        return map.line();
    }

    /** The underlying mapping. */
    public YamlMap map() {
        return map;
    }

    /** The path of a child field. */
    public String path(String field) {
        return join(path, field);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Whether the field is present and not null. */
    public boolean has(String field) {
        return node(field) != null;
    }

    /** The field's value, or null when absent or YAML null. */
    public YamlNode node(String field) {
        YamlNode n = map.get(field);
        return n instanceof YamlScalar s && s.type() == YamlScalar.Type.NULL ? null : n;
    }

    /** An error at the field (its line when present, else this mapping's line). */
    public ManifestException error(String field, String message) {
        YamlEntry e = map.entry(field);
        return new ManifestException(source, e == null ? map.line() : e.line(), path(field), message);
    }

    /** An error at a given node with an explicit path. */
    public ManifestException error(YamlNode at, String fieldPath, String message) {
        return new ManifestException(source, at.line(), fieldPath, message);
    }

    /** {@code Required value} for a missing field. */
    public ManifestException missing(String field) {
        return error(field, "required value");
    }

    /** A string field, or null when absent. */
    public String string(String field) throws ManifestException {
        YamlNode n = node(field);
        if (n == null) return null;
        return asString(n, path(field));
    }

    /** A string field that must be present and non-empty. */
    public String requiredString(String field) throws ManifestException {
        String s = string(field);
        if (s == null || s.isEmpty()) throw missing(field);
        return s;
    }

    String asString(YamlNode n, String fieldPath) throws ManifestException {
        if (n instanceof YamlScalar s && s.type() == YamlScalar.Type.STRING) return s.text();
        throw error(n, fieldPath, "expected a string, got " + describeValue(n));
    }

    /** An integer field, or null when absent. */
    public Integer integer(String field) throws ManifestException {
        YamlNode n = node(field);
        if (n == null) return null;
        if (n instanceof YamlScalar s && s.type() == YamlScalar.Type.INT) {
            try {
                return Integer.parseInt(s.text());
            } catch (NumberFormatException e) {
                // fall through: out of int32 range
            }
        }
        throw error(n, path(field), "expected an integer, got " + describeValue(n));
    }

    /** An integer field in {@code [min, max]}, or null when absent. */
    public Integer integer(String field, int min, int max) throws ManifestException {
        YamlNode n = node(field);
        if (n == null) return null;
        Integer v = null;
        if (n instanceof YamlScalar s && s.type() == YamlScalar.Type.INT) {
            try {
                v = Integer.parseInt(s.text());
            } catch (NumberFormatException e) {
                v = null;
            }
        }
        if (v == null || v < min || v > max) {
            throw error(n, path(field), "expected an integer " + min + "-" + max + ", got " + describeValue(n));
        }
        return v;
    }

    /** A port number field (1-65535), or null when absent. */
    public Integer port(String field) throws ManifestException {
        return integer(field, 1, 65535);
    }

    /** A boolean field, or null when absent. */
    public Boolean bool(String field) throws ManifestException {
        YamlNode n = node(field);
        if (n == null) return null;
        if (n instanceof YamlScalar s && s.type() == YamlScalar.Type.BOOL) return Boolean.parseBoolean(s.text());
        throw error(n, path(field), "expected a boolean (true or false), got " + describeValue(n));
    }

    /** A boolean field, {@code false} when absent. */
    public boolean flag(String field) throws ManifestException {
        Boolean b = bool(field);
        return b != null && b;
    }

    /** An enum field spelled as in the API, or null when absent. */
    public <E extends Enum<E> & ApiEnum> E enumValue(String field, Class<E> type) throws ManifestException {
        String s = string(field);
        if (s == null) return null;
        E e = ApiEnum.fromApi(type, s);
        if (e == null) throw error(field, "unsupported value \"" + s + "\": supported values: " + ApiEnum.allowed(type));
        return e;
    }

    /** An int-or-string field, or null when absent. Numbers must be in {@code [min, max]}. */
    public IntOrString intOrString(String field, int min, int max) throws ManifestException {
        YamlNode n = node(field);
        if (n == null) return null;
        if (n instanceof YamlScalar s && s.type() == YamlScalar.Type.STRING) return IntOrString.of(s.text());
        if (n instanceof YamlScalar s && s.type() == YamlScalar.Type.INT) {
            Integer v = integer(field, min, max);
            return IntOrString.of(v);
        }
        throw error(n, path(field), "expected an integer " + min + "-" + max + " or a port name, got " + describeValue(n));
    }

    /** A list of strings, empty when absent; {@code check} validates each item (null = valid). */
    public List<String> strings(String field, Check check) throws ManifestException {
        YamlNode n = node(field);
        if (n == null) return List.of();
        if (!(n instanceof YamlList l)) throw error(n, path(field), "expected a list of strings, got " + describeValue(n));
        List<String> out = new ArrayList<>(l.items().size());
        for (int i = 0; i < l.items().size(); i++) {
            YamlNode item = l.items().get(i);
            String p = path(field) + "[" + i + "]";
            String s = asString(item, p);
            String problem = check == null ? null : check.problem(s);
            if (problem != null) throw error(item, p, problem);
            out.add(s);
        }
        return out;
    }

    /** A map of strings to strings (labels, annotations, selectors), empty when absent. */
    public Map<String, String> stringMap(String field, Check keyCheck, Check valueCheck) throws ManifestException {
        YamlNode n = node(field);
        if (n == null) return Map.of();
        if (!(n instanceof YamlMap m)) throw error(n, path(field), "expected a map of strings, got " + describeValue(n));
        Map<String, String> out = new LinkedHashMap<>();
        for (YamlEntry e : m.entries().values()) {
            String p = path(field) + "." + e.key();
            if (keyCheck != null) {
                String problem = keyCheck.problem(e.key());
                if (problem != null) throw new ManifestException(source, e.line(), p, problem);
            }
            String v = e.value() instanceof YamlScalar s && s.type() == YamlScalar.Type.NULL ? "" : asString(e.value(), p);
            if (valueCheck != null) {
                String problem = valueCheck.problem(v);
                if (problem != null) throw error(e.value(), p, problem);
            }
            out.put(e.key(), v);
        }
        return out;
    }

    /** A nested object of a known type, or null when absent. */
    public FieldReader object(String field, String typeName, Set<String> known) throws ManifestException {
        YamlNode n = node(field);
        if (n == null) return null;
        return of(source, path(field), n, typeName, known);
    }

    /** A list of objects of a known type, empty when absent. */
    public List<FieldReader> objects(String field, String typeName, Set<String> known) throws ManifestException {
        YamlNode n = node(field);
        if (n == null) return List.of();
        if (!(n instanceof YamlList l)) throw error(n, path(field), "expected a list of " + typeName + ", got " + describeValue(n));
        List<FieldReader> out = new ArrayList<>(l.items().size());
        for (int i = 0; i < l.items().size(); i++) {
            out.add(of(source, path(field) + "[" + i + "]", l.items().get(i), typeName, known));
        }
        return out;
    }

    /** Checks a string value; returns null when valid or the problem to report. */
    @FunctionalInterface
    public interface Check {
        String problem(String value);
    }

    /** How a value appears in "got ..." messages: quoted strings, bare scalars, or its kind. */
    static String describeValue(YamlNode n) {
        if (n instanceof YamlScalar s) return s.quoted();
        return n.describe();
    }
}
