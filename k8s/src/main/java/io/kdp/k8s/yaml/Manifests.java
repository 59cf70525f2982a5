package io.kdp.k8s.yaml;

import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.KubeObject;
import io.kdp.k8s.model.Namespace;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.Node;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.Service;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects read from manifests, per kind in document order, with the warnings (kinds not modelled, ...)
 * and where each object was defined ({@link #origin(KubeObject)}), for later errors that concern an object.
 */
public record Manifests(List<Node> nodes, List<Pod> pods, List<Service> services, List<EndpointSlice> endpointSlices,
                        List<NetworkPolicy> networkPolicies, List<Namespace> namespaces, List<String> warnings,
                        Map<String, String> origins) {
    public static final Manifests EMPTY = new Manifests(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), Map.of());

    public Manifests {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        networkPolicies = List.copyOf(networkPolicies);
        namespaces = List.copyOf(namespaces);
        warnings = List.copyOf(warnings);
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** The key of {@link #origins()}: {@code Kind namespace/name} or {@code Kind name}. */
    public static String originKey(KubeObject o) {
        return o.kind() + " " + o.key();
    }

    /** {@code file:line} where the object was defined, or null for an object not read from a manifest. */
    public String origin(KubeObject o) {
        return origins.get(originKey(o));
    }

    /** Every object: namespaces, nodes, pods, services, endpoint slices, network policies. */
    public List<KubeObject> all() {
        List<KubeObject> out = new ArrayList<>();
        out.addAll(namespaces);
        out.addAll(nodes);
        out.addAll(pods);
        out.addAll(services);
        out.addAll(endpointSlices);
        out.addAll(networkPolicies);
        return out;
    }

    /** This and {@code other} together (other's objects after this one's). */
    public Manifests plus(Manifests other) {
        Map<String, String> o = new LinkedHashMap<>(origins);
        o.putAll(other.origins);
        return new Manifests(concat(nodes, other.nodes), concat(pods, other.pods), concat(services, other.services),
                concat(endpointSlices, other.endpointSlices), concat(networkPolicies, other.networkPolicies),
                concat(namespaces, other.namespaces), concat(warnings, other.warnings), o);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
