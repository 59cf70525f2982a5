package io.kdp.k8s.yaml;

import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.KubeObject;
import io.kdp.k8s.model.Namespace;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.Node;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads Kubernetes manifests: one or more YAML documents separated by {@code ---}, each an object or a
 * list ({@code kind: List} as {@code kubectl get -o yaml} prints, or a typed list such as {@code PodList}).
 * Decoding is strict as {@code kubectl apply --validate=strict}: unknown fields, wrong types and invalid values
 * are {@link ManifestException}s naming {@code file:line: field.path}. Kinds kdp does not model are skipped with
 * a warning. Defaults are applied as the API server does (see the model records).
 */
public final class ManifestReader {
    private ManifestReader() {}

    /** Reads a file; its path as given names it in messages. */
    public static Manifests read(Path file) throws ManifestException {
        return read(file, d -> false);
    }

    /** Reads a file, skipping the documents {@code skip} accepts. */
    public static Manifests read(Path file, Predicate<YamlDocument> skip) throws ManifestException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManifestException(file.toString(), 0, "", "cannot read file: " + e);
        }
        return read(file.toString(), text, skip);
    }

    /** Reads YAML text; {@code source} names it in messages. */
    public static Manifests read(String source, String text) throws ManifestException {
        return read(source, text, d -> false);
    }

    /** Reads YAML text, skipping the documents {@code skip} accepts (e.g. {@link #hasTopLevelKey(String)}). */
    public static Manifests read(String source, String text, Predicate<YamlDocument> skip) throws ManifestException {
        List<YamlDocument> docs = new ArrayList<>();
        for (YamlDocument d : YamlTreeReader.read(source, text)) {
            if (!skip.test(d)) docs.add(d);
        }
        return read(docs);
    }

    /** Decodes documents already parsed with {@link YamlTreeReader} (the caller picks which). */
    public static Manifests read(List<YamlDocument> documents) throws ManifestException {
        Collector c = new Collector();
        for (YamlDocument d : documents) c.document(d);
        return c.result();
    }

    /** Matches documents whose root is a mapping with the given top-level key, e.g. {@code kdp}. */
    public static Predicate<YamlDocument> hasTopLevelKey(String key) {
        return d -> d.root() instanceof YamlMap m && m.has(key);
    }

    /** Accumulates decoded objects of one read. */
    private static final class Collector {
        private final List<Node> nodes = new ArrayList<>();
        private final List<Pod> pods = new ArrayList<>();
        private final List<Service> services = new ArrayList<>();
        private final List<EndpointSlice> slices = new ArrayList<>();
        private final List<NetworkPolicy> policies = new ArrayList<>();
        private final List<Namespace> namespaces = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final Map<String, String> origins = new LinkedHashMap<>();

        void document(YamlDocument d) throws ManifestException {
            if (!(d.root() instanceof YamlMap root)) {
                throw new ManifestException(d.source(), d.startLine(), "",
                        "expected a Kubernetes object (a map with apiVersion and kind), got " + d.root().describe());
            }
            object(d.source(), "", root, null);
        }

        /**
         * One object or list at {@code path}; {@code impliedKind} is the item kind of a typed list (PodList items
         * may omit apiVersion and kind).
         */
        private void object(String source, String path, YamlMap map, String[] impliedKind) throws ManifestException {
            String kind = map.string("kind");
            String apiVersion = map.string("apiVersion");
            if (kind == null && impliedKind != null) kind = impliedKind[1];
            if (apiVersion == null && impliedKind != null) apiVersion = impliedKind[0];
            if (kind == null || kind.isEmpty()) throw required(source, path, map, "kind");
            if (apiVersion == null || apiVersion.isEmpty()) throw required(source, path, map, "apiVersion");
            String location = source + ":" + map.line();
            if (kind.endsWith("List") && map.has("items")) {
                list(source, path, map, apiVersion, kind);
                return;
            }
            ApiKind known = ApiKind.of(kind);
            if (known == null) {
                warnings.add(location + ": kind " + kind + " (" + apiVersion + ") is not modelled; ignored");
                return;
            }
            if (!known.apiVersion.equals(apiVersion)) {
                YamlEntry e = map.entry("apiVersion");
                throw new ManifestException(source, e == null ? map.line() : e.line(), join(path, "apiVersion"),
                        "no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\" (kdp reads " + known.apiVersion + ")");
            }
            FieldReader r = FieldReader.of(source, path, map, kind, known.fields);
            KubeObject o = switch (known) {
                case NODE -> add(nodes, NodeDecoder.read(r));
                case POD -> add(pods, PodDecoder.read(r));
                case SERVICE -> add(services, ServiceDecoder.read(r));
                case ENDPOINT_SLICE -> add(slices, EndpointSliceDecoder.read(r, warnings, location));
                case NETWORK_POLICY -> add(policies, NetworkPolicyDecoder.read(r));
                case NAMESPACE -> add(namespaces, NamespaceDecoder.read(r));
            };
            String previous = origins.putIfAbsent(Manifests.originKey(o), location);
            if (previous != null) {
                throw new ManifestException(source, map.line(), join(path, "metadata.name"),
                        o.kind() + " " + o.key() + " is already defined at " + previous);
            }
        }

        private void list(String source, String path, YamlMap map, String apiVersion, String kind) throws ManifestException {
            FieldReader r = FieldReader.of(source, path, map, kind, ApiFields.LIST);
            String[] implied = null;
            if (!kind.equals("List")) {
                ApiKind item = ApiKind.of(kind.substring(0, kind.length() - "List".length()));
                if (item != null) implied = new String[] {item.apiVersion, item.kind};
            }
            YamlNode items = r.node("items");
            if (items == null) return;
            if (!(items instanceof YamlList l)) throw r.error("items", "expected a list of objects, got " + items.describe());
            for (int i = 0; i < l.items().size(); i++) {
                YamlNode item = l.items().get(i);
                String p = r.path("items") + "[" + i + "]";
                if (!(item instanceof YamlMap m)) throw r.error(item, p, "expected an object, got " + item.describe());
                object(source, p, m, implied);
            }
        }

        private static <T extends KubeObject> KubeObject add(List<T> list, T o) {
            list.add(o);
            return o;
        }

        private static ManifestException required(String source, String path, YamlMap map, String field) {
            return new ManifestException(source, map.line(), join(path, field), "required value");
        }

        private static String join(String path, String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        Manifests result() {
            return new Manifests(nodes, pods, services, slices, policies, namespaces, warnings, origins);
        }
    }

    /** The kinds kdp models, with their served group/version and known top-level fields. */
    private enum ApiKind {
        NODE("Node", "v1", ApiFields.NODE),
        POD("Pod", "v1", ApiFields.POD),
        SERVICE("Service", "v1", ApiFields.SERVICE),
        ENDPOINT_SLICE("EndpointSlice", "discovery.k8s.io/v1", ApiFields.ENDPOINT_SLICE),
        NETWORK_POLICY("NetworkPolicy", "networking.k8s.io/v1", ApiFields.NETWORK_POLICY),
        NAMESPACE("Namespace", "v1", ApiFields.NAMESPACE);

        final String kind;
        final String apiVersion;
        final java.util.Set<String> fields;

        ApiKind(String kind, String apiVersion, java.util.Set<String> fields) {
            this.kind = kind;
            this.apiVersion = apiVersion;
            this.fields = fields;
        }

        static ApiKind of(String kind) {
            for (ApiKind k : values()) {
                if (k.kind.equals(kind)) return k;
            }
            return null;
        }
    }
}
