package io.kdp.k8s.controller;

import io.kdp.k8s.model.AddressType;
import io.kdp.k8s.model.Endpoint;
import io.kdp.k8s.model.EndpointConditions;
import io.kdp.k8s.model.EndpointPort;
import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.LabelSelector;
import io.kdp.k8s.model.Node;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.ObjectReference;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PodPhase;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.k8s.model.ServiceType;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Derives EndpointSlices from Services and Pods as kube-controller-manager's endpointslice controller does
 * (pkg/controller/endpointslice and k8s.io/endpointslice: reconciler.go, utils.go), for a fresh reconcile:
 * <ul>
 * <li>only services with a non-empty selector and a type other than ExternalName are managed;</li>
 * <li>pods in the service's namespace matching the selector are included unless terminal (Succeeded or
 *     Failed) or without an IP (ShouldPodBeInEndpoints with terminating pods included); a hostNetwork pod
 *     whose status has no podIP uses its hostIP, which is what its kubelet reports as pod IP;</li>
 * <li>each endpoint's ports come from resolving every service port's targetPort against that pod
 *     ({@link PodPorts#findPort}); a port that does not resolve is left out for that pod; endpoints are grouped
 *     by their port list and each group fills slices of at most {@code maxEndpointsPerSlice} (default 100);</li>
 * <li>conditions: serving = pod Ready, terminating = deletionTimestamp set, ready = publishNotReadyAddresses
 *     or (serving and not terminating); nodeName = spec.nodeName; zone = the node's
 *     {@code topology.kubernetes.io/zone} label; targetRef = the pod;</li>
 * <li>labels: the service's labels, {@code kubernetes.io/service-name}, {@code endpointslice.kubernetes.io/managed-by}
 *     and, for a headless service, {@code service.kubernetes.io/headless}; name {@code <service>-<5 chars>};</li>
 * <li>a managed service without any endpoint gets one placeholder slice with no endpoints and no ports.</li>
 * </ul>
 * Only the IPv4 address type is produced (kdp is IPv4-only). Endpoints keep the order of the pods given.
 */
public final class EndpointSliceController {
    /** The controller's --max-endpoints-per-slice default. */
    public static final int DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;
    /** v1.IsHeadlessService label. */
    public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
    /** v1.LabelTopologyZone. */
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private final int maxEndpointsPerSlice;

    public EndpointSliceController() {
        this(DEFAULT_MAX_ENDPOINTS_PER_SLICE);
    }

    public EndpointSliceController(int maxEndpointsPerSlice) {
        if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
            throw new IllegalArgumentException("maxEndpointsPerSlice " + maxEndpointsPerSlice + " is not in 1..1000");
        }
        this.maxEndpointsPerSlice = maxEndpointsPerSlice;
    }

    /** Slices for every managed service, in service order. */
    public List<EndpointSlice> reconcile(Collection<Service> services, Collection<Pod> pods, Collection<Node> nodes) {
        Map<String, Node> byName = new HashMap<>();
        for (Node n : nodes) byName.put(n.metadata().name(), n);
        List<EndpointSlice> out = new ArrayList<>();
        for (Service s : services) out.addAll(slicesFor(s, pods, byName));
        return out;
    }

    /** Whether the controller manages slices for this service (has a selector, is not ExternalName). */
    public static boolean manages(Service service) {
        return !service.spec().selector().isEmpty() && service.spec().type() != ServiceType.EXTERNAL_NAME;
    }

    /** The slices of one service; empty for services the controller does not manage. */
    public List<EndpointSlice> slicesFor(Service service, Collection<Pod> pods, Map<String, Node> nodesByName) {
        if (!manages(service)) return List.of();
        String ns = service.metadata().namespace();
        Map<List<EndpointPort>, List<Endpoint>> byPorts = new LinkedHashMap<>();
        for (Pod pod : pods) {
            if (!pod.metadata().namespace().equals(ns)) continue;
            if (!LabelSelector.matchesMap(service.spec().selector(), pod.metadata().labels())) continue;
            String ip = podIPv4(pod);
            if (ip == null || isTerminal(pod)) continue;
            byPorts.computeIfAbsent(endpointPorts(service, pod), k -> new ArrayList<>())
                    .add(endpoint(service, pod, ip, nodesByName.get(pod.spec().nodeName())));
        }
        List<EndpointSlice> slices = new ArrayList<>();
        Map<String, String> labels = labels(service);
        for (Map.Entry<List<EndpointPort>, List<Endpoint>> group : byPorts.entrySet()) {
            List<Endpoint> eps = group.getValue();
            for (int from = 0; from < eps.size(); from += maxEndpointsPerSlice) {
                List<Endpoint> chunk = eps.subList(from, Math.min(eps.size(), from + maxEndpointsPerSlice));
                slices.add(slice(service, labels, slices.size(), chunk, group.getKey()));
            }
        }
        if (slices.isEmpty()) slices.add(slice(service, labels, 0, List.of(), List.of()));
        return slices;
    }

    private static EndpointSlice slice(Service service, Map<String, String> labels, int index, List<Endpoint> endpoints,
                                       List<EndpointPort> ports) {
        ObjectMeta svc = service.metadata();
        String seed = svc.namespace() + "/" + svc.name() + "/" + AddressType.IPV4.apiName() + "/" + index;
        ObjectMeta meta = new ObjectMeta(SliceNames.name(svc.name(), seed), svc.namespace(), labels, Map.of(), "", null);
        return new EndpointSlice(meta, AddressType.IPV4, endpoints, ports);
    }

    /** setEndpointSliceLabels: service labels plus the controller's own (which win). */
    private static Map<String, String> labels(Service service) {
        Map<String, String> l = new LinkedHashMap<>();
        service.metadata().labels().forEach((k, v) -> {
            if (!k.equals(EndpointSlice.SERVICE_NAME_LABEL) && !k.equals(EndpointSlice.MANAGED_BY_LABEL) && !k.equals(HEADLESS_LABEL)) {
                l.put(k, v);
            }
        });
        if (service.spec().isHeadless()) l.put(HEADLESS_LABEL, "");
        l.put(EndpointSlice.SERVICE_NAME_LABEL, service.metadata().name());
        l.put(EndpointSlice.MANAGED_BY_LABEL, EndpointSlice.CONTROLLER_NAME);
        return l;
    }

    /** getEndpointPorts: one EndpointPort per service port that resolves on this pod. */
    static List<EndpointPort> endpointPorts(Service service, Pod pod) {
        List<EndpointPort> ports = new ArrayList<>();
        for (ServicePort sp : service.spec().ports()) {
            OptionalInt n = PodPorts.findPort(pod, sp);
            if (n.isEmpty()) continue;
            ports.add(new EndpointPort(sp.name(), sp.protocol(), n.getAsInt(), sp.appProtocol()));
        }
        return List.copyOf(ports);
    }

    /** podToEndpoint. */
    private static Endpoint endpoint(Service service, Pod pod, String ip, Node node) {
        boolean serving = pod.isReady();
        boolean terminating = pod.isTerminating();
        boolean ready = service.spec().publishNotReadyAddresses() || (serving && !terminating);
        String nodeName = pod.spec().nodeName().isEmpty() ? null : pod.spec().nodeName();
        String zone = node == null ? null : node.metadata().labels().get(ZONE_LABEL);
        if (zone != null && zone.isEmpty()) zone = null;
        ObjectMeta pm = pod.metadata();
        return new Endpoint(List.of(ip), new EndpointConditions(ready, serving, terminating), null, nodeName, zone,
                new ObjectReference("Pod", pm.namespace(), pm.name(), pm.uid()));
    }

    /** The pod's IPv4 address: the first IPv4 of podIPs, or hostIP for a hostNetwork pod without one. */
    static String podIPv4(Pod pod) {
        for (String ip : pod.status().podIPs()) {
            if (Ip4.isValid(ip)) return ip;
        }
        if (pod.spec().hostNetwork() && Ip4.isValid(pod.status().hostIP())) return pod.status().hostIP();
        return null;
    }

    /** podutil.IsPodTerminal: phase Succeeded or Failed. */
    private static boolean isTerminal(Pod pod) {
        return pod.status().phase() == PodPhase.SUCCEEDED || pod.status().phase() == PodPhase.FAILED;
    }
}
