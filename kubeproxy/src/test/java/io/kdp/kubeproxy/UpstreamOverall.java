package io.kdp.kubeproxy;

import static io.kdp.kubeproxy.Fixtures.port;
import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;

import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServiceType;
import io.kdp.k8s.model.TrafficPolicy;
import java.util.List;

/**
 * The input of kube-proxy's own TestOverallIPTablesRules and TestOverallNFTablesRules (six Services
 * in ns1..ns6 on node "test-node"), which both proxiers' upstream comparisons replay.
 */
public final class UpstreamOverall {
    private UpstreamOverall() {}

    public static final String NODE = "test-node";

    /** The Services and EndpointSlices as the node's kube-proxy sees them. */
    public static ProxyState state() {
        List<Service> services = List.of(
                svc("ns1", "svc1", "172.30.0.41").port(port("p80", Protocol.TCP, 80, 0)).build(),
                svc("ns2", "svc2", "172.30.0.42").type(ServiceType.LOAD_BALANCER).etp(TrafficPolicy.LOCAL)
                        .port(port("p80", Protocol.TCP, 80, 3001)).lbIPs("1.2.3.4").externalIPs("192.168.99.22")
                        .healthCheckNodePort(30000).build(),
                svc("ns3", "svc3", "172.30.0.43").type(ServiceType.NODE_PORT).port(port("p80", Protocol.TCP, 80, 3003)).build(),
                svc("ns4", "svc4", "172.30.0.44").type(ServiceType.NODE_PORT).externalIPs("192.168.99.33")
                        .port(port("p80", Protocol.TCP, 80, 0)).build(),
                svc("ns5", "svc5", "172.30.0.45").type(ServiceType.LOAD_BALANCER).etp(TrafficPolicy.CLUSTER)
                        .port(port("p80", Protocol.TCP, 80, 3002)).lbIPs("5.6.7.8").healthCheckNodePort(30000)
                        .sourceRanges(" 203.0.113.0/25").clientIP(10800).build(),
                svc("ns6", "svc6", "172.30.0.46").port(port("p80", Protocol.TCP, 80, 0)).build());
        List<EndpointSlice> slices = List.of(
                slice("ns1", "svc1").port("p80", Protocol.TCP, 80).ready("10.180.0.1", null).build(),
                slice("ns2", "svc2").port("p80", Protocol.TCP, 80).ready("10.180.0.2", null).build(),
                slice("ns3", "svc3").port("p80", Protocol.TCP, 80).ready("10.180.0.3", null).build(),
                slice("ns4", "svc4").port("p80", Protocol.TCP, 80).ready("10.180.0.4", null).ready("10.180.0.5", NODE).build(),
                slice("ns5", "svc5").port("p80", Protocol.TCP, 80).ready("10.180.0.3", null).build());
        return ProxyState.build(NODE, services, slices);
    }
}
