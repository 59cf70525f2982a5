package io.kdp.k8s.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.AddressType;
import io.kdp.k8s.model.Container;
import io.kdp.k8s.model.ContainerPort;
import io.kdp.k8s.model.Endpoint;
import io.kdp.k8s.model.EndpointConditions;
import io.kdp.k8s.model.EndpointPort;
import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.Node;
import io.kdp.k8s.model.NodeSpec;
import io.kdp.k8s.model.NodeStatus;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.ObjectReference;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PodPhase;
import io.kdp.k8s.model.PodSpec;
import io.kdp.k8s.model.PodStatus;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServicePort;
import io.kdp.k8s.model.ServiceSpec;
import io.kdp.k8s.model.ServiceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointSliceControllerTest {
    private static final Map<String, String> WEB = Map.of("app", "web");
    private final EndpointSliceController controller = new EndpointSliceController();

    private static Service service(ServiceSpec spec) {
        return new Service(ObjectMeta.of("default", "web", Map.of("team", "a")), spec, null);
    }

    private static Service web(ServicePort... ports) {
        return service(ServiceSpec.clusterIP("10.96.0.10", WEB, List.of(ports)));
    }

    private static Pod pod(String name, String ip, boolean ready, int httpPort) {
        return new Pod(new ObjectMeta(name, "default", WEB, Map.of(), "uid-" + name, null),
                new PodSpec("node-1", false, List.of(new Container("c", List.of(ContainerPort.of("http", httpPort))))),
                PodStatus.running(ip, "172.18.0.2", ready));
    }

    private static ServicePort httpNamed() {
        return ServicePort.tcp("http", 80, IntOrString.of("http"));
    }

    private List<EndpointSlice> slices(Service s, Pod... pods) {
        return controller.reconcile(List.of(s), List.of(pods), List.of());
    }

    @Test
    void readyPodBecomesAReadyServingEndpointWithLabelsAndName() {
        List<EndpointSlice> out = slices(web(httpNamed()), pod("a", "10.244.1.5", true, 8080));
        assertThat(out).hasSize(1);
        EndpointSlice s = out.get(0);
        assertThat(s.metadata().name()).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(s.metadata().namespace()).isEqualTo("default");
        assertThat(s.metadata().labels()).containsExactly(Map.entry("team", "a"),
                Map.entry("kubernetes.io/service-name", "web"),
                Map.entry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"));
        assertThat(s.addressType()).isEqualTo(AddressType.IPV4);
        assertThat(s.ports()).containsExactly(new EndpointPort("http", Protocol.TCP, 8080, null));
        assertThat(s.endpoints()).containsExactly(new Endpoint(List.of("10.244.1.5"), new EndpointConditions(true, true, false),
                null, "node-1", null, new ObjectReference("Pod", "default", "a", "uid-a")));
        assertThat(slices(web(httpNamed()), pod("a", "10.244.1.5", true, 8080)).get(0).metadata().name())
                .as("names are deterministic").isEqualTo(s.metadata().name());
    }

    @Test
    void namedTargetPortResolvedPerPodSplitsSlices() {
        List<EndpointSlice> out = slices(web(httpNamed(), ServicePort.tcp("metrics", 9100, IntOrString.of(9100))),
                pod("a", "10.244.1.5", true, 8080), pod("b", "10.244.1.6", true, 8081), pod("c", "10.244.1.7", true, 8080));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).ports()).containsExactly(new EndpointPort("http", Protocol.TCP, 8080, null),
                new EndpointPort("metrics", Protocol.TCP, 9100, null));
        assertThat(out.get(0).endpoints()).extracting(e -> e.addresses().get(0)).containsExactly("10.244.1.5", "10.244.1.7");
        assertThat(out.get(1).ports()).containsExactly(new EndpointPort("http", Protocol.TCP, 8081, null),
                new EndpointPort("metrics", Protocol.TCP, 9100, null));
        assertThat(out.get(1).endpoints()).extracting(e -> e.addresses().get(0)).containsExactly("10.244.1.6");
        assertThat(out.get(0).metadata().name()).isNotEqualTo(out.get(1).metadata().name());
    }

    @Test
    void namedTargetPortMissingOrOfOtherProtocolLeavesThePortOut() {
        ServicePort udp = new ServicePort("dns", Protocol.UDP, 53, IntOrString.of("http"), 0, null);
        List<EndpointSlice> out = slices(web(udp), pod("a", "10.244.1.5", true, 8080));
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.ports()).isEmpty();
            assertThat(s.endpoints()).hasSize(1);
        });
    }

    @Test
    void notReadyPod() {
        Endpoint e = slices(web(httpNamed()), pod("a", "10.244.1.5", false, 8080)).get(0).endpoints().get(0);
        assertThat(e.conditions()).isEqualTo(new EndpointConditions(false, false, false));
    }

    @Test
    void terminatingPodIsServingButNotReady() {
        Pod p = pod("a", "10.244.1.5", true, 8080);
        p = p.withMetadata(p.metadata().withDeletionTimestamp("2024-05-01T12:00:00Z"));
        Endpoint e = slices(web(httpNamed()), p).get(0).endpoints().get(0);
        assertThat(e.conditions()).isEqualTo(new EndpointConditions(false, true, true));
    }

    @Test
    void publishNotReadyAddressesMarksEveryEndpointReady() {
        ServiceSpec spec = new ServiceSpec(null, "None", null, WEB, List.of(httpNamed()), null, null, null, null, null, null, null,
                0, true, null, null);
        Pod terminating = pod("b", "10.244.1.6", false, 8080);
        terminating = terminating.withMetadata(terminating.metadata().withDeletionTimestamp("2024-05-01T12:00:00Z"));
        EndpointSlice s = slices(service(spec), pod("a", "10.244.1.5", false, 8080), terminating).get(0);
        assertThat(s.endpoints()).extracting(Endpoint::conditions).containsExactly(
                new EndpointConditions(true, false, false), new EndpointConditions(true, false, true));
        assertThat(s.metadata().labels()).containsEntry(EndpointSliceController.HEADLESS_LABEL, "");
    }

    @Test
    void hostNetworkPodUsesTheNodeAddress() {
        Pod withIp = new Pod(ObjectMeta.of("default", "h1", WEB),
                new PodSpec("node-1", true, List.of(new Container("c", List.of(ContainerPort.of("http", 10250))))),
                PodStatus.running("172.18.0.2", "172.18.0.2", true));
        Pod withoutPodIp = new Pod(ObjectMeta.of("default", "h2", WEB), withIp.spec().withNodeName("node-2"),
                new PodStatus(PodPhase.RUNNING, "", List.of(), "172.18.0.3", withIp.status().conditions()));
        EndpointSlice s = slices(web(httpNamed()), withIp, withoutPodIp).get(0);
        assertThat(s.endpoints()).extracting(e -> e.addresses().get(0)).containsExactly("172.18.0.2", "172.18.0.3");
        assertThat(s.ports()).containsExactly(new EndpointPort("http", Protocol.TCP, 10250, null));
    }

    @Test
    void podsWithoutIpTerminalInOtherNamespacesOrUnselectedAreSkipped() {
        Pod noIp = pod("a", "10.244.1.5", true, 8080).withStatus(new PodStatus(PodPhase.PENDING, "", List.of(), "", List.of()));
        Pod done = pod("b", "10.244.1.6", false, 8080).withStatus(new PodStatus(PodPhase.SUCCEEDED, "10.244.1.6", null, null, null));
        Pod failed = pod("c", "10.244.1.7", false, 8080).withStatus(new PodStatus(PodPhase.FAILED, "10.244.1.7", null, null, null));
        Pod other = pod("d", "10.244.1.8", true, 8080);
        other = other.withMetadata(other.metadata().withNamespace("prod"));
        Pod unlabelled = pod("e", "10.244.1.9", true, 8080);
        unlabelled = unlabelled.withMetadata(unlabelled.metadata().withLabels(Map.of("app", "db")));
        Pod pendingWithIp = pod("f", "10.244.1.10", false, 8080)
                .withStatus(new PodStatus(PodPhase.PENDING, "10.244.1.10", null, null, null));
        List<EndpointSlice> out = slices(web(httpNamed()), noIp, done, failed, other, unlabelled, pendingWithIp);
        assertThat(out).singleElement().satisfies(s ->
                assertThat(s.endpoints()).extracting(e -> e.targetRef().name()).containsExactly("f"));
    }

    @Test
    void moreThanMaxEndpointsSplitIntoSlicesOfAHundred() {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 250; i++) pods.add(pod("p" + i, "10.244." + (i / 200) + "." + (i % 200 + 1), true, 8080));
        List<EndpointSlice> out = controller.reconcile(List.of(web(httpNamed())), pods, List.of());
        assertThat(out).extracting(s -> s.endpoints().size()).containsExactly(100, 100, 50);
        assertThat(out.get(2).endpoints().get(49).targetRef().name()).isEqualTo("p249");
        assertThat(out).extracting(s -> s.metadata().name()).doesNotHaveDuplicates();
        assertThat(new EndpointSliceController(1000).reconcile(List.of(web(httpNamed())), pods, List.of())).hasSize(1);
    }

    @Test
    void servicesWithoutSelectorOrExternalNameAreNotManaged() {
        Service noSelector = service(ServiceSpec.clusterIP("10.96.0.11", Map.of(), List.of(httpNamed())));
        Service external = service(new ServiceSpec(ServiceType.EXTERNAL_NAME, null, null, WEB, null, null, null, null, null, null,
                null, null, 0, false, null, "db.example.com"));
        assertThat(controller.reconcile(List.of(noSelector, external), List.of(pod("a", "10.244.1.5", true, 8080)), List.of()))
                .isEmpty();
        assertThat(EndpointSliceController.manages(noSelector)).isFalse();
    }

    @Test
    void serviceWithoutPodsGetsAPlaceholderSlice() {
        assertThat(slices(web(httpNamed()))).singleElement().satisfies(s -> {
            assertThat(s.endpoints()).isEmpty();
            assertThat(s.ports()).isEmpty();
            assertThat(s.serviceName()).isEqualTo("web");
        });
    }

    @Test
    void zoneComesFromTheNodeLabel() {
        Node n = new Node(ObjectMeta.of("", "node-1", Map.of("topology.kubernetes.io/zone", "zone-b")), NodeSpec.EMPTY, NodeStatus.EMPTY);
        List<EndpointSlice> out = controller.reconcile(List.of(web(httpNamed())), List.of(pod("a", "10.244.1.5", true, 8080)), List.of(n));
        assertThat(out.get(0).endpoints().get(0).zone()).isEqualTo("zone-b");
    }

    @Test
    void findPort() {
        Pod p = pod("a", "10.244.1.5", true, 8080);
        assertThat(PodPorts.findPort(p, httpNamed())).hasValue(8080);
        assertThat(PodPorts.findPort(p, ServicePort.tcp("x", 80, IntOrString.of(7000)))).hasValue(7000);
        assertThat(PodPorts.findPort(p, ServicePort.tcp("x", 80, IntOrString.of("grpc")))).isEmpty();
    }
}
