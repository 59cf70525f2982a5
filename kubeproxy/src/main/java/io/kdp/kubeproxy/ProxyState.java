package io.kdp.kubeproxy;

import io.kdp.k8s.model.AddressType;
import io.kdp.k8s.model.Endpoint;
import io.kdp.k8s.model.EndpointPort;
import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one node's kube-proxy knows after applying every pending change: the service port map
 * ({@code svcPortMap}, built as servicechangetracker.go does) and the endpoints map ({@code endpointsMap},
 * built from EndpointSlices as endpointslicecache.go does), for the IPv4 family and a given node name.
 *
 * <p>Endpoints: only IPv4 slices labelled {@code kubernetes.io/service-name} count; a slice port without a
 * number (or 0) is ignored; an endpoint's first address is used; duplicates across slices are merged (a
 * non-terminating one wins); each service port's endpoints are sorted by {@code ip:port} string.
 * Service ports are kept in {@link ServicePortName} order, kdp's stand-in for Go's random map order.
 */
public final class ProxyState {
    private final String nodeName;
    private final Map<ServicePortName, ServicePortInfo> services;
    private final Map<ServicePortName, List<EndpointInfo>> endpoints;

    private ProxyState(String nodeName, Map<ServicePortName, ServicePortInfo> services, Map<ServicePortName, List<EndpointInfo>> endpoints) {
        this.nodeName = nodeName;
        this.services = Collections.unmodifiableMap(services);
        this.endpoints = Collections.unmodifiableMap(endpoints);
    }

    /** The state of {@code nodeName}'s kube-proxy for these Services and EndpointSlices. */
    public static ProxyState build(String nodeName, Collection<Service> services, Collection<EndpointSlice> slices) {
        Objects.requireNonNull(nodeName, "nodeName");
        Map<ServicePortName, ServicePortInfo> svcMap = new TreeMap<>();
        for (Service svc : services) {
            for (ServicePort port : svc.spec().ports()) {
                ServicePortInfo.of(svc, port).ifPresent(info -> svcMap.put(info.name(), info));
            }
        }
        // slices grouped by service, in slice-name order (kube-proxy iterates a map; the merge result is sorted anyway)
        Map<ServicePortName, Map<String, EndpointInfo>> byPort = new HashMap<>();
        List<EndpointSlice> ordered = new ArrayList<>(slices);
        ordered.sort((a, b) -> a.metadata().name().compareTo(b.metadata().name()));
        for (EndpointSlice slice : ordered) {
            if (slice.addressType() != AddressType.IPV4) continue; // EndpointsChangeTracker ignores other families
            String svcName = slice.serviceName();
            if (svcName.isEmpty()) continue; // endpointSliceCacheKeys: no service-name label
            for (EndpointPort p : slice.ports()) {
                if (p.port() == null || p.port() == 0) continue; // "Ignoring invalid endpoint port"
                ServicePortName spn = new ServicePortName(slice.metadata().namespace(), svcName, p.name(), p.protocol());
                addEndpoints(byPort.computeIfAbsent(spn, k -> new LinkedHashMap<>()), p.port(), slice.endpoints(), nodeName);
            }
        }
        Map<ServicePortName, List<EndpointInfo>> epMap = new TreeMap<>();
        byPort.forEach((spn, set) -> {
            if (set.isEmpty()) return;
            List<EndpointInfo> list = new ArrayList<>(set.values());
            Collections.sort(list); // byEndpoint
            epMap.put(spn, List.copyOf(list));
        });
        return new ProxyState(nodeName, svcMap, epMap);
    }

    private static void addEndpoints(Map<String, EndpointInfo> set, int port, List<Endpoint> eps, String nodeName) {
        for (Endpoint ep : eps) {
            if (ep.addresses().isEmpty()) continue;
            String addr = ep.addresses().get(0);
            if (!Ip4.isValid(addr)) continue;
            boolean local = ep.nodeName() != null && !nodeName.isEmpty() && ep.nodeName().equals(nodeName);
            EndpointInfo info = new EndpointInfo(Ip4.format(Ip4.parse(addr)), port, local, ep.conditions().isReady(),
                    ep.conditions().isServing(), ep.conditions().isTerminating(), ep.zone(), ep.nodeName());
            // prefer a non-terminating endpoint over a terminating one with the same ip:port
            if (!set.containsKey(info.toString()) || !info.terminating()) set.put(info.toString(), info);
        }
    }

    public String nodeName() {
        return nodeName;
    }

    /** The service ports, in {@link ServicePortName} order. */
    public Collection<ServicePortInfo> servicePorts() {
        return services.values();
    }

    /** The service port of that name, or null. */
    public ServicePortInfo servicePort(ServicePortName name) {
        return services.get(name);
    }

    /** A service port's endpoints sorted by {@code ip:port}; empty when none. */
    public List<EndpointInfo> endpoints(ServicePortName name) {
        return endpoints.getOrDefault(name, List.of());
    }

    /** The number of endpoints of the existing service ports (what selects kube-proxy's large-cluster mode). */
    public int totalEndpoints() {
        int n = 0;
        for (ServicePortName name : services.keySet()) n += endpoints(name).size();
        return n;
    }

    /**
     * The services ({@code ns/name}) whose ports or endpoints differ from {@code previous}: what the change
     * trackers report as {@code UpdatedServices} for a partial sync. Everything is changed when previous is null.
     */
    public Set<String> changedServices(ProxyState previous) {
        Set<String> changed = new TreeSet<>();
        if (previous == null) {
            services.keySet().forEach(n -> changed.add(n.serviceKey()));
            endpoints.keySet().forEach(n -> changed.add(n.serviceKey()));
            return changed;
        }
        diff(services, previous.services, changed);
        diff(endpoints, previous.endpoints, changed);
        return changed;
    }

    private static <V> void diff(Map<ServicePortName, V> now, Map<ServicePortName, V> before, Set<String> out) {
        for (Map.Entry<ServicePortName, V> e : now.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) out.add(e.getKey().serviceKey());
        }
        for (ServicePortName n : before.keySet()) if (!now.containsKey(n)) out.add(n.serviceKey());
    }
}
