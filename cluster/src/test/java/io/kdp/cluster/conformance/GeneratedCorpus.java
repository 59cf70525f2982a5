package io.kdp.cluster.conformance;

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
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.kubeproxy.iptables.IptablesProxier;
import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule sets written by kdp's own {@link IptablesProxier} for node {@code node-a} (192.168.0.11,
 * pod range 10.244.0.0/24 in cluster CIDR 10.244.0.0/16), loaded into an emulated node exactly as
 * kube-proxy does (ensured chains and jump rules, then {@code iptables-restore --noflush}) and
 * saved with {@code iptables-save}: the text both kdp and the kernel then load.
 *
 * <p>Every service is reached at each of its addresses (cluster IP, node IPs and 127.0.0.1 at the
 * NodePort, external IPs, load-balancer IPs) from every kind of client: off-cluster hosts (one inside a
 * loadBalancerSourceRanges range, one outside), a pod of this node, a pod of another node, one of the
 * service's own endpoints (hairpin), and the node itself by its address and by 127.0.0.1 (the OUTPUT path);
 * 127.0.0.1 NodePorts only from the node itself.
 */
final class GeneratedCorpus {
    static final String NODE = "node-a";
    static final String NODE_IP = "192.168.0.11";

    /** A client and what kind it is. */
    record Source(String ip, String kind) {}

    static final List<Source> SOURCES = List.of(
            new Source("192.168.0.50", "off-cluster host"),
            new Source("203.0.113.99", "internet host outside the source ranges"),
            new Source("198.51.100.77", "host inside the source ranges"),
            new Source("10.244.0.5", "pod on this node"),
            new Source("10.244.3.9", "pod on another node"),
            new Source(NODE_IP, "the node (OUTPUT)"),
            new Source("127.0.0.1", "the node via localhost (OUTPUT)"));

    /** One endpoint of a service. */
    record Ep(String ip, String node, Boolean ready, Boolean serving, Boolean terminating) {
        static Ep ready(String ip, String node) { return new Ep(ip, node, null, null, null); }
    }

    /** A service with one port and its endpoints, and how it is built. */
    static final class Svc {
        final String name, clusterIP;
        Protocol proto = Protocol.TCP;
        int port = 80, targetPort = 8080, nodePort;
        ServiceType type = ServiceType.CLUSTER_IP;
        List<String> externalIPs = List.of(), lbIPs = List.of(), sourceRanges = List.of();
        TrafficPolicy etp, itp;
        boolean affinity;
        int healthCheckNodePort;
        final List<Ep> eps = new ArrayList<>();

        Svc(String name, String clusterIP) {
            this.name = name;
            this.clusterIP = clusterIP;
        }

        Svc udp(int port) { proto = Protocol.UDP; this.port = port; targetPort = port; return this; }
        Svc nodePort(int np) { nodePort = np; if (type == ServiceType.CLUSTER_IP) type = ServiceType.NODE_PORT; return this; }
        Svc lb(String... ips) { type = ServiceType.LOAD_BALANCER; lbIPs = List.of(ips); return this; }
        Svc ranges(String... r) { sourceRanges = List.of(r); return this; }
        Svc external(String... ips) { externalIPs = List.of(ips); return this; }
        Svc etpLocal(int hc) { etp = TrafficPolicy.LOCAL; healthCheckNodePort = hc; return this; }
        Svc itpLocal() { itp = TrafficPolicy.LOCAL; return this; }
        Svc sticky() { affinity = true; return this; }
        Svc target(int p) { targetPort = p; return this; }
        Svc port(int p) { port = p; return this; }
        Svc ep(String ip, String node) { eps.add(Ep.ready(ip, node)); return this; }
        Svc ep(Ep e) { eps.add(e); return this; }

        Service service() {
            ServicePort sp = new ServicePort("p", proto, port, IntOrString.of(targetPort), nodePort, null);
            SessionAffinityConfig cfg = affinity ? new SessionAffinityConfig(new ClientIPConfig(ClientIPConfig.DEFAULT_TIMEOUT_SECONDS)) : null;
            ServiceSpec spec = new ServiceSpec(type, clusterIP, List.of(), Map.of("app", name), List.of(sp), externalIPs,
                    affinity ? SessionAffinity.CLIENT_IP : SessionAffinity.NONE, cfg, etp, itp, sourceRanges, "",
                    healthCheckNodePort, false, null, "");
            List<LoadBalancerIngress> ing = new ArrayList<>();
            for (String ip : lbIPs) ing.add(new LoadBalancerIngress(ip, "", null));
            return new Service(ObjectMeta.of("default", name), spec, new ServiceStatus(new LoadBalancerStatus(ing)));
        }

        EndpointSlice slice() {
            List<Endpoint> list = new ArrayList<>();
            for (Ep e : eps) list.add(new Endpoint(List.of(e.ip()), new EndpointConditions(e.ready(), e.serving(), e.terminating()), null, e.node(), null, null));
            ObjectMeta meta = ObjectMeta.of("default", name + "-x1", Map.of(EndpointSlice.SERVICE_NAME_LABEL, name));
            return new EndpointSlice(meta, AddressType.IPV4, list, List.of(new EndpointPort("p", proto, targetPort, null)));
        }

        /** Where clients reach it: {@code label -> ip:port}. */
        Map<String, String> destinations(List<String> nodePortIps) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("cluster IP", clusterIP + ":" + port);
            if (nodePort != 0) for (String ip : nodePortIps) d.put("NodePort on " + ip, ip + ":" + nodePort);
            for (String ip : externalIPs) d.put("external IP " + ip, ip + ":" + port);
            for (String ip : lbIPs) d.put("load-balancer IP " + ip, ip + ":" + port);
            return d;
        }
    }

    private GeneratedCorpus() {}

    static List<RuleSet> build() {
        return List.of(defaults(), affinity(), configVariants());
    }

    /** Services of every kind under kube-proxy's default configuration. */
    static RuleSet defaults() {
        List<Svc> svcs = List.of(
                new Svc("one", "10.96.0.11").ep("10.244.1.11", "node-b"),
                new Svc("two", "10.96.0.12").ep("10.244.1.21", "node-b").ep("10.244.2.22", "node-c"),
                new Svc("three", "10.96.0.13").ep("10.244.0.31", NODE).ep("10.244.1.32", "node-b").ep("10.244.2.33", "node-c"),
                new Svc("five", "10.96.0.15").ep("10.244.1.51", "node-b").ep("10.244.1.52", "node-b").ep("10.244.2.53", "node-c")
                        .ep("10.244.2.54", "node-c").ep("10.244.0.55", NODE),
                new Svc("np", "10.96.0.20").nodePort(30080).ep("10.244.1.61", "node-b").ep("10.244.2.62", "node-c"),
                new Svc("ext", "10.96.0.30").external("203.0.113.10").ep("10.244.2.71", "node-c").ep("10.244.1.72", "node-b"),
                new Svc("lb", "10.96.0.40").nodePort(31000).lb("198.51.100.5").ranges("198.51.100.0/24")
                        .ep("10.244.2.81", "node-c").ep("10.244.1.82", "node-b"),
                new Svc("empty", "10.96.0.50").nodePort(30070).lb("198.51.100.7").external("203.0.113.20")
                        .ep(new Ep("10.244.1.90", NODE, false, false, false)),
                new Svc("draining", "10.96.0.60").ep(new Ep("10.244.0.91", NODE, false, true, true))
                        .ep(new Ep("10.244.2.92", "node-c", false, true, true)).ep(new Ep("10.244.1.93", "node-b", false, false, true)),
                new Svc("etp-local", "10.96.0.70").nodePort(30090).lb("198.51.100.9").etpLocal(32000)
                        .ep("10.244.0.101", NODE).ep("10.244.2.102", "node-c"),
                new Svc("etp-remote", "10.96.0.71").nodePort(30091).etpLocal(32001).ep("10.244.2.111", "node-c"),
                new Svc("itp-local", "10.96.0.80").itpLocal().ep("10.244.0.121", NODE).ep("10.244.1.122", "node-b"),
                new Svc("itp-remote", "10.96.0.81").itpLocal().ep("10.244.1.131", "node-b"),
                new Svc("dns", "10.96.0.10").udp(53).ep("10.244.0.2", NODE).ep("10.244.1.3", "node-b"),
                new Svc("dns-tcp", "10.96.0.9").port(53).target(53).ep("10.244.0.2", NODE).ep("10.244.1.3", "node-b"),
                new Svc("kubernetes", "10.96.0.1").port(443).target(6443).ep("192.168.0.10", null));
        ProxierConfig cfg = ProxierConfig.builder(NODE).nodeIPs(NODE_IP).clusterCIDR("10.244.0.0/16").build();
        return ruleSet("kube-proxy-defaults", cfg, svcs, SOURCES, List.of(NODE_IP, "127.0.0.1"), true);
    }

    /**
     * sessionAffinity ClientIP: first connections only (the client is removed from the node's recent lists
     * before each). No hairpin client: its connections to the other endpoints get no answer in the shared
     * backend namespace, and affinity connections run one at a time per client.
     */
    static RuleSet affinity() {
        List<Svc> svcs = List.of(new Svc("sticky", "10.96.0.95").sticky().nodePort(30095)
                .ep("10.244.0.141", NODE).ep("10.244.1.142", "node-b").ep("10.244.2.143", "node-c"));
        ProxierConfig cfg = ProxierConfig.builder(NODE).nodeIPs(NODE_IP).clusterCIDR("10.244.0.0/16").build();
        return ruleSet("session-affinity", cfg, svcs, List.of(SOURCES.get(0), SOURCES.get(3), SOURCES.get(5), SOURCES.get(6)),
                List.of(NODE_IP, "127.0.0.1"), false);
    }

    /**
     * --masquerade-all, no --cluster-cidr, --iptables-localhost-nodeports=false, no --random-fully, a
     * second node address and --nodeport-addresses 192.168.1.0/24 (only the second accepts NodePorts).
     */
    static RuleSet configVariants() {
        List<Svc> svcs = List.of(
                new Svc("np", "10.96.0.20").nodePort(30080).ep("10.244.1.61", "node-b").ep("10.244.2.62", "node-c"),
                new Svc("etp-local", "10.96.0.70").nodePort(30090).etpLocal(32000).ep("10.244.0.101", NODE).ep("10.244.2.102", "node-c"),
                new Svc("three", "10.96.0.13").ep("10.244.0.31", NODE).ep("10.244.1.32", "node-b").ep("10.244.2.33", "node-c"));
        ProxierConfig cfg = ProxierConfig.builder(NODE).nodeIPs(NODE_IP, "192.168.1.11").masqueradeAll(true).localhostNodePorts(false)
                .randomFully(false).nodePortAddresses("192.168.1.0/24").build();
        List<Source> sources = List.of(SOURCES.get(0), SOURCES.get(3), SOURCES.get(5), SOURCES.get(6));
        return ruleSet("config-variants", cfg, svcs, sources, List.of(NODE_IP, "192.168.1.11", "127.0.0.1"), true);
    }

    private static RuleSet ruleSet(String name, ProxierConfig cfg, List<Svc> svcs, List<Source> sources, List<String> nodePortIps,
                                   boolean hairpinClient) {
        List<Service> services = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        for (Svc s : svcs) {
            services.add(s.service());
            if (!s.eps.isEmpty()) slices.add(s.slice());
        }
        IptablesProxier proxier = new IptablesProxier(cfg);
        NetNamespace node = new NetNamespace(NODE, new Backlog(new Clock(0)), 1);
        proxier.apply(node, ProxyState.build(NODE, services, slices));
        String rules = node.iptables().save();
        Map<String, String> sysctls = new LinkedHashMap<>();
        // the sysctls that change a packet's path (the conntrack timeouts kube-proxy also sets do not)
        proxier.sysctls().forEach((k, v) -> { if (k.contains("route_localnet")) sysctls.put(k, v); });
        RuleSet bare = new RuleSet(name, true, rules, cfg.nodeIPs(), sysctls, List.of());
        List<Flow> flows = new ArrayList<>();
        for (Svc s : svcs) {
            List<Source> from = new ArrayList<>(sources);
            String hairpin = s.eps.get(0).ip();
            if (hairpinClient && bare.endpoints().contains(hairpin)) from.add(new Source(hairpin, "its own endpoint (hairpin)"));
            for (Map.Entry<String, String> d : s.destinations(nodePortIps).entrySet()) {
                String[] hostPort = d.getValue().split(":");
                for (Source src : from) {
                    // only the node itself can address 127.0.0.1 (a host's own loopback never leaves it)
                    if (hostPort[0].startsWith("127.") && !bare.isLocal(src.ip())) continue;
                    String label = name + ": " + s.name + " " + d.getKey() + " from " + src.kind();
                    flows.add(new Flow(label, s.proto == Protocol.UDP ? "udp" : "tcp", src.ip(), hostPort[0],
                            Integer.parseInt(hostPort[1]), s.affinity, null));
                }
            }
        }
        return new RuleSet(name, true, rules, cfg.nodeIPs(), sysctls, flows);
    }
}
