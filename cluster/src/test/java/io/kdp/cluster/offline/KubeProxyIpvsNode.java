package io.kdp.cluster.offline;

import io.kdp.k8s.model.AddressType;
import io.kdp.k8s.model.Endpoint;
import io.kdp.k8s.model.EndpointConditions;
import io.kdp.k8s.model.EndpointPort;
import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.LoadBalancerStatus;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.k8s.model.ServiceSpec;
import io.kdp.k8s.model.ServiceStatus;
import io.kdp.k8s.model.ServiceType;
import io.kdp.k8s.model.SessionAffinity;
import io.kdp.kubeproxy.ProxierConfig;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.kubeproxy.ipvs.IpvsProxier;
import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.DummyDevice;
import io.kdp.linux.NetDevice;
import io.kdp.linux.NetNamespace;
import io.kdp.packet.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small IPVS-mode node as kdp's own {@link IpvsProxier} programs it, whose dumps the offline IPVS tests trace:
 * node-a (eth0 192.168.0.11/24, --cluster-cidr 10.244.0.0/16, scheduler rr, masqueradeBit 14, --random-fully) with
 * <ul>
 *   <li>default/web: NodePort, ClusterIP 10.96.0.50:80 and node port 30080 -> 8080 on 10.244.1.5 (node-b) and 10.244.2.7 (node-c);</li>
 *   <li>kube-system/kube-dns: ClusterIP 10.96.0.10:53/UDP -> 10.244.0.2 (node-a);</li>
 *   <li>default/empty: ClusterIP 10.96.0.99:80 without endpoints.</li>
 * </ul>
 */
final class KubeProxyIpvsNode {
    static final String NODE = "node-a";
    static final String NODE_IP = "192.168.0.11";

    /** The node's {@code iptables-save}, {@code ipset save} and {@code ipvsadm-save -n}. */
    record Dumps(String iptables, String ipset, String ipvs) {}

    private KubeProxyIpvsNode() {}

    static Dumps dumps() {
        NetNamespace ns = new NetNamespace(NODE, new Backlog(new Clock(0)), 1);
        NetDevice eth0 = new DummyDevice(ns, "eth0", ns.randomMac("eth0"));
        ns.addAddress(eth0, Cidr.parse(NODE_IP + "/24"));
        ns.setUp(eth0);
        ProxierConfig cfg = ProxierConfig.builder(NODE).nodeIPs(NODE_IP).clusterCIDR("10.244.0.0/16").build();
        List<Service> services = List.of(
                service("default", "web", ServiceType.NODE_PORT, "10.96.0.50", new ServicePort("http", Protocol.TCP, 80, IntOrString.of(8080), 30080, null)),
                service("kube-system", "kube-dns", ServiceType.CLUSTER_IP, "10.96.0.10", new ServicePort("dns", Protocol.UDP, 53, IntOrString.of(53), 0, null)),
                service("default", "empty", ServiceType.CLUSTER_IP, "10.96.0.99", new ServicePort("http", Protocol.TCP, 80, IntOrString.of(8080), 0, null)));
        List<EndpointSlice> slices = List.of(
                slice("default", "web", new EndpointPort("http", Protocol.TCP, 8080, null), "10.244.1.5", "node-b", "10.244.2.7", "node-c"),
                slice("kube-system", "kube-dns", new EndpointPort("dns", Protocol.UDP, 53, null), "10.244.0.2", NODE));
        new IpvsProxier(cfg).apply(ns, ProxyState.build(NODE, services, slices));
        return new Dumps(ns.iptables().save(), ns.ipsets().save(), ns.ipvs().save());
    }

    private static Service service(String namespace, String name, ServiceType type, String clusterIP, ServicePort port) {
        ServiceSpec spec = new ServiceSpec(type, clusterIP, List.of(), Map.of("app", name), List.of(port), List.of(), SessionAffinity.NONE, null,
                null, null, List.of(), "", 0, false, null, "");
        return new Service(ObjectMeta.of(namespace, name), spec, new ServiceStatus(new LoadBalancerStatus(List.of())));
    }

    /** A slice of ready endpoints given as address, node name pairs. */
    private static EndpointSlice slice(String namespace, String service, EndpointPort port, String... addressesAndNodes) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < addressesAndNodes.length; i += 2) {
            endpoints.add(new Endpoint(List.of(addressesAndNodes[i]), new EndpointConditions(null, null, null), null, addressesAndNodes[i + 1], null, null));
        }
        ObjectMeta meta = ObjectMeta.of(namespace, service + "-abcde", Map.of(EndpointSlice.SERVICE_NAME_LABEL, service));
        return new EndpointSlice(meta, AddressType.IPV4, endpoints, List.of(port));
    }
}
