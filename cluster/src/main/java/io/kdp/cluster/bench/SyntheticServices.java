package io.kdp.cluster.bench;

import io.kdp.k8s.model.AddressType;
import io.kdp.k8s.model.Endpoint;
import io.kdp.k8s.model.EndpointConditions;
import io.kdp.k8s.model.EndpointPort;
import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.k8s.model.ServiceSpec;
import io.kdp.k8s.model.ServiceStatus;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The synthetic cluster state the benchmarks load into kube-proxy: {@code services} ClusterIP
 * Services {@code bench/svc-00000 ...} (one TCP port {@code http} 80 to target port 8080), each
 * with one EndpointSlice of {@code endpoints} ready endpoints on a remote node.
 *
 * <p>Names are zero-padded so that kube-proxy's service port order (by name, see
 * {@link io.kdp.kubeproxy.ServicePortName}) is index order: Service 0 is the first rule of
 * {@code KUBE-SERVICES}, Service {@code services-1} the last. Addresses: ClusterIP {@code i} is
 * {@code 172.20.0.0 + i + 1}; endpoint {@code j} of Service {@code i} is
 * {@code 10.1.0.0 + i * endpoints + j + 1}, in the cluster CIDR {@link #CLUSTER_CIDR}, outside the
 * benchmark node's own pod CIDR {@link #NODE_POD_CIDR}.
 *
 * @param services    the Services, in index order
 * @param slices      one EndpointSlice per Service, in the same order
 * @param endpoints   endpoints per Service
 */
public record SyntheticServices(List<Service> services, List<EndpointSlice> slices, int endpoints) {
    /** The namespace of every synthetic Service. */
    public static final String NAMESPACE = "bench";
    /** The Service CIDR (the nftables mode drops unallocated addresses of it). */
    public static final String SERVICE_CIDR = "172.20.0.0/16";
    /** kube-proxy's {@code --cluster-cidr}. */
    public static final String CLUSTER_CIDR = "10.0.0.0/8";
    /** The pod CIDR of the benchmark node (the client pod lives there). */
    public static final String NODE_POD_CIDR = "10.0.0.0/24";
    /** The node the endpoints run on (not the benchmark node, so no endpoint is local). */
    public static final String ENDPOINT_NODE = "node-b";
    /** The Service port and the endpoints' target port. */
    public static final int PORT = 80, TARGET_PORT = 8080;
    private static final int SERVICE_BASE = Ip4.parse("172.20.0.0");
    private static final int ENDPOINT_BASE = Ip4.parse("10.1.0.0");
    /** The most Services the Service CIDR holds (the network and broadcast addresses excluded). */
    public static final int MAX_SERVICES = 65_534;
    /** The most endpoints per Service (one EndpointSlice holds up to 100). */
    public static final int MAX_ENDPOINTS = 100;

    public SyntheticServices {
        services = List.copyOf(services);
        slices = List.copyOf(slices);
    }

    /**
     * {@code count} Services with {@code endpoints} endpoints each.
     *
     * @throws IllegalArgumentException when count or endpoints is out of range
     */
    public static SyntheticServices of(int count, int endpoints) {
        if (count < 1 || count > MAX_SERVICES) throw new IllegalArgumentException("services: " + count + " is not in 1.." + MAX_SERVICES);
        if (endpoints < 1 || endpoints > MAX_ENDPOINTS) throw new IllegalArgumentException("endpoints: " + endpoints + " is not in 1.." + MAX_ENDPOINTS);
        List<Service> svcs = new ArrayList<>(count);
        List<EndpointSlice> slices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            svcs.add(service(i));
            slices.add(slice(i, endpoints));
        }
        return new SyntheticServices(svcs, slices, endpoints);
    }

    /** The name of Service {@code i}. */
    public static String name(int i) {
        return String.format("svc-%05d", i);
    }

    /** The ClusterIP of Service {@code i}. */
    public static int clusterIp(int i) {
        return SERVICE_BASE + i + 1;
    }

    /** The address of endpoint {@code j} of Service {@code i} when every Service has {@code endpoints}. */
    public static int endpointIp(int i, int j, int endpoints) {
        return ENDPOINT_BASE + i * endpoints + j + 1;
    }

    /** Service {@code i}. */
    public static Service service(int i) {
        ServicePort port = new ServicePort("http", Protocol.TCP, PORT, IntOrString.of(TARGET_PORT), 0, null);
        ServiceSpec spec = ServiceSpec.clusterIP(Ip4.format(clusterIp(i)), Map.of("app", name(i)), List.of(port));
        return new Service(ObjectMeta.of(NAMESPACE, name(i)), spec, ServiceStatus.EMPTY);
    }

    /** The EndpointSlice of Service {@code i}. */
    public static EndpointSlice slice(int i, int endpoints) {
        List<String> ips = new ArrayList<>(endpoints);
        for (int j = 0; j < endpoints; j++) ips.add(Ip4.format(endpointIp(i, j, endpoints)));
        return slice(i, ips);
    }

    private static EndpointSlice slice(int i, List<String> ips) {
        List<Endpoint> eps = new ArrayList<>(ips.size());
        EndpointConditions ready = new EndpointConditions(true, true, false);
        for (String ip : ips) eps.add(new Endpoint(List.of(ip), ready, null, ENDPOINT_NODE, null, null));
        ObjectMeta meta = ObjectMeta.of(NAMESPACE, name(i) + "-bench", Map.of(EndpointSlice.SERVICE_NAME_LABEL, name(i)));
        return new EndpointSlice(meta, AddressType.IPV4, eps, List.of(new EndpointPort("http", Protocol.TCP, TARGET_PORT, null)));
    }

    /**
     * This state after one Service change, as a rolling update makes it: Service {@code i}'s last
     * endpoint replaced by a pod with a new address (past every other endpoint's).
     */
    public SyntheticServices withEndpointReplaced(int i) {
        if (i < 0 || i >= services.size()) throw new IllegalArgumentException("service " + i + " is not in 0.." + (services.size() - 1));
        List<String> ips = new ArrayList<>(endpoints);
        for (int j = 0; j < endpoints - 1; j++) ips.add(Ip4.format(endpointIp(i, j, endpoints)));
        ips.add(Ip4.format(endpointIp(services.size(), i, endpoints)));
        return withSlice(i, slice(i, ips));
    }

    private SyntheticServices withSlice(int i, EndpointSlice slice) {
        List<EndpointSlice> copy = new ArrayList<>(slices);
        copy.set(i, slice);
        return new SyntheticServices(services, copy, endpoints);
    }
}
