package io.kdp.k8s.policy;

import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.yaml.ManifestException;
import io.kdp.k8s.yaml.ManifestReader;
import io.kdp.k8s.yaml.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The netpol e2e cluster of {@code policy/cluster.yaml} plus the policies of one or more manifests, and the
 * reachability matrix the e2e suite prints: one row per source, one column per destination, {@code .} allowed,
 * {@code X} denied.
 */
final class PolicyFixture {
    static final List<String> GRID = List.of("x/a", "x/b", "x/c", "y/a", "y/b", "y/c", "z/a", "z/b", "z/c");

    final Manifests manifests;
    final PolicyEngine engine;

    private PolicyFixture(Manifests manifests, IpBlockScope scope) {
        this.manifests = manifests;
        this.engine = new PolicyEngine(manifests.networkPolicies(), manifests.pods(), manifests.namespaces(), scope);
    }

    static PolicyFixture with(String... policyFiles) {
        return with(IpBlockScope.ALL_ADDRESSES, policyFiles);
    }

    static PolicyFixture with(IpBlockScope scope, String... policyFiles) {
        Manifests m = read("cluster.yaml");
        for (String f : policyFiles) m = m.plus(read(f));
        return new PolicyFixture(m, scope);
    }

    static Manifests read(String file) {
        String name = "/policy/" + file;
        try (InputStream in = PolicyFixture.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + name);
            return ManifestReader.read(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ManifestException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    Pod pod(String key) {
        return manifests.pods().stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pod " + key));
    }

    ConnectionEnd end(String keyOrIp) {
        return keyOrIp.contains("/") ? ConnectionEnd.pod(pod(keyOrIp)) : ConnectionEnd.ip(keyOrIp);
    }

    Verdict evaluate(String from, String to, Protocol protocol, int port) {
        return engine.evaluate(new Connection(end(from), end(to), protocol, port));
    }

    Verdict tcp(String from, String to, int port) {
        return evaluate(from, to, Protocol.TCP, port);
    }

    /** The 9x9 matrix for {@code protocol/port}, with the two header lines naming namespace and pod of each column. */
    String matrix(Protocol protocol, int port) {
        StringBuilder sb = new StringBuilder("    xxxyyyzzz\n    abcabcabc\n");
        for (String from : GRID) {
            sb.append(from).append(' ');
            for (String to : GRID) sb.append(evaluate(from, to, protocol, port).allowed() ? '.' : 'X');
            sb.append('\n');
        }
        return sb.toString();
    }
}
