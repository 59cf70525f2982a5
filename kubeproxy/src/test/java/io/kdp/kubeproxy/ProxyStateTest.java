package io.kdp.kubeproxy;

import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;
import static io.kdp.kubeproxy.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.LoadBalancerIngress;
import io.kdp.k8s.model.LoadBalancerStatus;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServiceStatus;
import io.kdp.k8s.model.ServiceType;
import io.kdp.k8s.model.TrafficPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyStateTest {
    static final ServicePortName WEB = new ServicePortName("default", "web", "http", Protocol.TCP);

    @Test
    void endpointsSortedByIpPortStringAndLocalByNodeName() {
        ProxyState s = ProxyState.build("n1", List.of(svc("default", "web", "10.96.0.50").port(tcp("http", 80)).build()),
                List.of(slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.1.5", "n1").ready("10.244.1.10", "n2").build()));
        assertThat(s.endpoints(WEB)).extracting(EndpointInfo::toString).containsExactly("10.244.1.10:8080", "10.244.1.5:8080");
        assertThat(s.endpoints(WEB)).extracting(EndpointInfo::local).containsExactly(false, true);
        assertThat(s.totalEndpoints()).isEqualTo(2);
    }

    @Test
    void duplicateAcrossSlicesPrefersNonTerminating() {
        var a = slice("default", "web").port("http", Protocol.TCP, 8080).ep("10.244.1.5", "n1", false, true, true).build();
        var b = new Fixtures.Slice("default", "web", "web-zzzzz").port("http", Protocol.TCP, 8080).ready("10.244.1.5", "n1").build();
        ProxyState s = ProxyState.build("n1", List.of(), List.of(a, b));
        assertThat(s.endpoints(WEB)).singleElement().satisfies(e -> assertThat(e.terminating()).isFalse());
    }

    @Test
    void skipsHeadlessExternalNameAndPortlessSlices() {
        Service headless = svc("default", "h", "None").port(tcp("http", 80)).build();
        Service ext = svc("default", "e", "").type(ServiceType.EXTERNAL_NAME).port(tcp("http", 80)).build();
        ProxyState s = ProxyState.build("n1", List.of(headless, ext),
                List.of(new Fixtures.Slice("default", "web", "w").ready("10.0.0.1", null).build()));
        assertThat(s.servicePorts()).isEmpty();
        assertThat(s.endpoints(WEB)).isEmpty();
    }

    @Test
    void serviceInfoFiltersLikeNewBaseServiceInfo() {
        Service lb = svc("default", "lb", "10.96.0.60").type(ServiceType.LOAD_BALANCER).etp(TrafficPolicy.LOCAL)
                .port(Fixtures.port("http", Protocol.TCP, 80, 30001)).externalIPs("203.0.113.1", "2001:db8::1", "bogus")
                .sourceRanges(" 198.51.100.7/24", "2001:db8::/64").healthCheckNodePort(32000).build();
        lb = lb.withStatus(new ServiceStatus(new LoadBalancerStatus(List.of(new LoadBalancerIngress("198.51.100.5", "", null),
                new LoadBalancerIngress("198.51.100.6", "", LoadBalancerIngress.IP_MODE_PROXY)))));
        ServicePortInfo info = ServicePortInfo.of(lb, lb.spec().ports().get(0)).orElseThrow();
        assertThat(info.externalIPs()).containsExactly("203.0.113.1");
        assertThat(info.loadBalancerVIPs()).containsExactly("198.51.100.5");
        assertThat(info.loadBalancerSourceRanges()).extracting(Object::toString).containsExactly("198.51.100.0/24");
        assertThat(info.healthCheckNodePort()).isEqualTo(32000);
        assertThat(info.externalPolicyLocal()).isTrue();

        Service np = svc("default", "np", "10.96.0.61").type(ServiceType.NODE_PORT).etp(TrafficPolicy.LOCAL)
                .port(Fixtures.port("http", Protocol.TCP, 80, 30002)).healthCheckNodePort(32001).build();
        assertThat(ServicePortInfo.of(np, np.spec().ports().get(0)).orElseThrow().healthCheckNodePort())
                .as("only LoadBalancer services need a health check").isZero();
    }

    @Test
    void changedServicesReportsPortAndEndpointChanges() {
        var svcs = List.of(svc("default", "web", "10.96.0.50").port(tcp("http", 80)).build(),
                svc("default", "api", "10.96.0.51").port(tcp("http", 80)).build());
        ProxyState before = ProxyState.build("n1", svcs, List.of(slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.1.5", "n1").build()));
        ProxyState after = ProxyState.build("n1", svcs, List.of(slice("default", "web").port("http", Protocol.TCP, 8080).ready("10.244.1.6", "n1").build()));
        assertThat(after.changedServices(before)).containsExactly("default/web");
        assertThat(after.changedServices(after)).isEmpty();
        assertThat(after.changedServices(null)).containsExactly("default/api", "default/web");
    }
}
