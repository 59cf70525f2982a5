package io.kdp.kubeproxy;

import io.kdp.k8s.model.AddressType;
import io.kdp.k8s.model.ClientIPConfig;
import io.kdp.k8s.model.Endpoint;
import io.kdp.k8s.model.EndpointConditions;
import io.kdp.k8s.model.EndpointPort;
import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.LoadBalancerIngress;
import io.kdp.k8s.model.LoadBalancerStatus;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.k8s.model.ServiceSpec;
import io.kdp.k8s.model.ServiceStatus;
import io.kdp.k8s.model.ServiceType;
import io.kdp.k8s.model.SessionAffinity;
import io.kdp.k8s.model.SessionAffinityConfig;
import io.kdp.k8s.model.TrafficPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders for Services and EndpointSlices in tests. */
public final class Fixtures {
    private Fixtures() {}

    public static ServicePort port(String name, Protocol proto, int port, int nodePort) {
        return new ServicePort(name, proto, port, IntOrString.of(port), nodePort, null);
    }

    public static ServicePort tcp(String name, int port) {
        return port(name, Protocol.TCP, port, 0);
    }

    /** A mutable service description turned into a Service by {@link #build()}. */
    public static final class Svc {
        final String ns, name;
        ServiceType type = ServiceType.CLUSTER_IP;
        String clusterIP;
        List<ServicePort> ports = new ArrayList<>();
        List<String> externalIPs = List.of();
        List<String> lbIPs = List.of();
        List<String> sourceRanges = List.of();
        TrafficPolicy etp, itp;
        Integer affinityTimeout;
        int healthCheckNodePort;

        Svc(String ns, String name, String clusterIP) {
            this.ns = ns;
            this.name = name;
            this.clusterIP = clusterIP;
        }

        public Svc type(ServiceType t) { type = t; return this; }
        public Svc port(ServicePort p) { ports.add(p); return this; }
        public Svc externalIPs(String... ips) { externalIPs = List.of(ips); return this; }
        public Svc lbIPs(String... ips) { lbIPs = List.of(ips); return this; }
        public Svc sourceRanges(String... r) { sourceRanges = List.of(r); return this; }
        public Svc etp(TrafficPolicy p) { etp = p; return this; }
        public Svc itp(TrafficPolicy p) { itp = p; return this; }
        public Svc clientIP(Integer timeout) { affinityTimeout = timeout == null ? ClientIPConfig.DEFAULT_TIMEOUT_SECONDS : timeout; return this; }
        public Svc healthCheckNodePort(int p) { healthCheckNodePort = p; return this; }

        public Service build() {
            SessionAffinity aff = affinityTimeout == null ? SessionAffinity.NONE : SessionAffinity.CLIENT_IP;
            SessionAffinityConfig cfg = affinityTimeout == null ? null : new SessionAffinityConfig(new ClientIPConfig(affinityTimeout));
            ServiceSpec spec = new ServiceSpec(type, clusterIP, List.of(), Map.of("app", name), ports, externalIPs, aff, cfg, etp, itp,
                    sourceRanges, "", healthCheckNodePort, false, null, "");
            List<LoadBalancerIngress> ing = new ArrayList<>();
            for (String ip : lbIPs) ing.add(new LoadBalancerIngress(ip, "", null));
            return new Service(ObjectMeta.of(ns, name), spec, new ServiceStatus(new LoadBalancerStatus(ing)));
        }
    }

    public static Svc svc(String ns, String name, String clusterIP) {
        return new Svc(ns, name, clusterIP);
    }

    /** A mutable EndpointSlice description. */
    public static final class Slice {
        final String ns, svc, sliceName;
        final List<Endpoint> endpoints = new ArrayList<>();
        final List<EndpointPort> ports = new ArrayList<>();

        Slice(String ns, String svc, String sliceName) {
            this.ns = ns;
            this.svc = svc;
            this.sliceName = sliceName;
        }

        public Slice port(String name, Protocol proto, int port) { ports.add(new EndpointPort(name, proto, port, null)); return this; }
        public Slice ready(String ip, String node) { return ep(ip, node, null, null, null); }
        public Slice ep(String ip, String node, Boolean ready, Boolean serving, Boolean terminating) {
            endpoints.add(new Endpoint(List.of(ip), new EndpointConditions(ready, serving, terminating), null, node, null, null));
            return this;
        }

        public EndpointSlice build() {
            ObjectMeta meta = ObjectMeta.of(ns, sliceName, Map.of(EndpointSlice.SERVICE_NAME_LABEL, svc));
            return new EndpointSlice(meta, AddressType.IPV4, endpoints, ports);
        }
    }

    public static Slice slice(String ns, String svc) {
        return new Slice(ns, svc, svc + "-abcde");
    }
}
