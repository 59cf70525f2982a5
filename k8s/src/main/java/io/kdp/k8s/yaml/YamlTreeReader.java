package io.kdp.k8s.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a multi-document YAML stream ({@code ---} separated) into {@link YamlNode} trees that keep line
 * numbers, using Jackson's streaming YAML parser. Empty documents are dropped. A key repeated in one mapping
 * is an error, as in {@code kubectl apply} (sigs.k8s.io/yaml in strict mode).
 */
public final class YamlTreeReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private YamlTreeReader() {}

    /** Parses every document of {@code text}; {@code source} names it in errors. */
    public static List<YamlDocument> read(String source, String text) throws ManifestException {
        List<YamlDocument> docs = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                int line = line(p.currentTokenLocation());
                YamlNode root = value(source, p, t);
                // An empty document (or one holding only comments) reads as a null or empty plain scalar.
                if (root instanceof YamlScalar s && (s.type() == YamlScalar.Type.NULL || s.text().isEmpty())) continue;
                docs.add(new YamlDocument(source, line, root));
            }
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException m) {
                // SnakeYAML's own parts, on one line; the context mark (e.g. the unclosed '[') names the better line.
                Mark mark = m.getContextMark() != null ? m.getContextMark() : m.getProblemMark();
                String what = (m.getContext() == null ? "" : m.getContext() + ": ") + m.getProblem();
                throw new ManifestException(source, mark == null ? 0 : mark.getLine() + 1, "", "invalid YAML: " + what);
            }
            JsonLocation loc = e.getLocation();
            throw new ManifestException(source, loc == null ? 0 : line(loc), "", "invalid YAML: " + e.getOriginalMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new ManifestException(source, 0, "", "cannot read YAML: " + e.getMessage());
        }
        return docs;
    }

    private static YamlNode value(String source, JsonParser p, JsonToken t) throws IOException, ManifestException {
        int line = line(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlEntry> entries = new LinkedHashMap<>();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    int keyLine = line(p.currentTokenLocation());
                    YamlEntry previous = entries.get(key);
                    if (previous != null) {
                        throw new ManifestException(source, keyLine, "",
                                "mapping key \"" + key + "\" already defined at line " + previous.line());
                    }
                    YamlNode v = value(source, p, p.nextToken());
                    entries.put(key, new YamlEntry(key, keyLine, v));
                }
                return new YamlMap(line, entries);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) items.add(value(source, p, t));
                return new YamlList(line, items);
            }
            case VALUE_STRING -> {
                return new YamlScalar(line, YamlScalar.Type.STRING, p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return new YamlScalar(line, YamlScalar.Type.INT, p.getText());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new YamlScalar(line, YamlScalar.Type.FLOAT, p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new YamlScalar(line, YamlScalar.Type.BOOL, t == JsonToken.VALUE_TRUE ? "true" : "false");
            }
            case VALUE_NULL -> {
                return new YamlScalar(line, YamlScalar.Type.NULL, "null");
            }
            default -> throw new ManifestException(source, line, "", "unsupported YAML token " + t);
        }
    }

    private static int line(JsonLocation loc) {
        return loc.getLineNr();
    }
}
