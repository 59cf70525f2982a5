package io.kdp.cluster.scenario;

import io.kdp.k8s.model.Pod;
import io.kdp.k8s.yaml.ManifestException;
import io.kdp.k8s.yaml.ManifestReader;
import io.kdp.k8s.yaml.Manifests;
import io.kdp.k8s.yaml.YamlDocument;
import io.kdp.k8s.yaml.YamlMap;
import io.kdp.k8s.yaml.YamlTreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a scenario: one YAML file whose first document is the {@code kdp:} cluster section and whose
 * other documents are ordinary Kubernetes manifests. Every error names the file, line and field.
 */
public final class ScenarioLoader {
    /** The scenario {@code kdp trace} uses when none is given. */
    public static final String DEFAULT = "default";

    private ScenarioLoader() {}

    /** Loads a file. */
    public static Scenario load(Path file) throws ScenarioException {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code nameOrPath}: a file if one exists there, else a bundled scenario of that name
     * ({@code default}, {@code calico-ipip}, ...).
     */
    public static Scenario resolve(String nameOrPath) throws ScenarioException {
        Path p = Path.of(nameOrPath);
        if (Files.exists(p)) return load(p);
        String name = nameOrPath.replaceAll("\\.ya?ml$", "");
        String home = System.getProperty("kdp.home");
        if (home != null) {
            Path bundled = Path.of(home, "scenarios", name + ".yaml");
            if (Files.exists(bundled)) return load(bundled);
        }
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
            if (in == null) {
                throw new ScenarioException(nameOrPath + ": no such file, and no bundled scenario of that name (see `kdp scenarios`)", null);
            }
            return parse("scenarios/" + name + ".yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ScenarioException(nameOrPath + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses scenario text; {@code source} names it in messages. */
    public static Scenario parse(String source, String text) throws ScenarioException {
        List<YamlDocument> docs;
        try {
            docs = YamlTreeReader.read(source, text);
        } catch (ManifestException e) {
            throw new ScenarioException(e.getMessage(), e);
        }
        // The kdp: section is the document whose root has the key kdp (the first, by convention);
        // a dump of real cluster state may have none.
        int kdpIndex = -1;
        for (int i = 0; i < docs.size(); i++) {
            if (docs.get(i).root() instanceof YamlMap m && m.has("kdp")) {
                if (kdpIndex >= 0) throw new ScenarioException(source, docs.get(i).startLine(), "kdp", "a second kdp: section (the first is at line " + docs.get(kdpIndex).startLine() + ")");
                kdpIndex = i;
            }
        }
        YamlMap kdp = null;
        if (kdpIndex >= 0) {
            YamlMap first = (YamlMap) docs.get(kdpIndex).root();
            if (first.entries().size() > 1) {
                String extra = first.entries().keySet().stream().filter(k -> !k.equals("kdp")).findFirst().orElseThrow();
                throw new ScenarioException(source, first.entry(extra).line(), extra, "unknown field \"" + extra + "\" beside kdp: (Kubernetes objects go in their own documents after ---)");
            }
            if (!(first.get("kdp") instanceof YamlMap k)) {
                throw new ScenarioException(source, first.entry("kdp").line(), "kdp", "expected a map");
            }
            kdp = k;
        } else if (docs.isEmpty() || !(docs.get(0).root() instanceof YamlMap root) || !root.has("kind")) {
            throw new ScenarioException(source, docs.isEmpty() ? 1 : docs.get(0).startLine(), "kdp",
                    "the first document must be the kdp: cluster section (or the file must be Kubernetes objects, e.g. kubectl get ... -o yaml)");
        }
        List<YamlDocument> objects = new ArrayList<>(docs);
        if (kdpIndex >= 0) objects.remove(kdpIndex);
        ClusterSpec spec;
        Manifests manifests;
        List<String> inferred = new ArrayList<>();
        try {
            manifests = ManifestReader.read(objects);
            spec = ClusterSpecReader.read(source, kdp, manifests, inferred);
        } catch (ManifestException e) {
            throw new ScenarioException(e.getMessage(), e);
        }
        List<String> notes = new ArrayList<>(manifests.warnings());
        notes.addAll(inferred);
        checkPods(source, spec, manifests);
        return new Scenario(source, spec, manifests, notes);
    }

    private static void checkPods(String source, ClusterSpec spec, Manifests m) throws ScenarioException {
        Set<String> nodes = new HashSet<>();
        spec.nodes().forEach(n -> nodes.add(n.name()));
        for (Pod pod : m.pods()) {
            String node = pod.spec().nodeName();
            if (!node.isEmpty() && !nodes.contains(node)) {
                throw ScenarioErrors.objectError(m, pod, source, "spec.nodeName", "node \"" + node + "\" is not one of kdp.nodes (" + String.join(", ", nodes.stream().sorted().toList()) + ")");
            }
        }
    }
}
