package io.kdp.k8s.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.AddressType;
import io.kdp.k8s.model.EndpointConditions;
import io.kdp.k8s.model.EndpointSlice;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.LoadBalancerIngress;
import io.kdp.k8s.model.Node;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PodPhase;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.model.ServiceType;
import io.kdp.k8s.model.SessionAffinity;
import io.kdp.k8s.model.TrafficPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {
    private static Manifests fixture() throws Exception {
        Path p = Path.of(ManifestReaderTest.class.getResource("/kubectl-get-all.yaml").toURI());
        return ManifestReader.read("kubectl-get-all.yaml", java.nio.file.Files.readString(p));
    }

    @Test
    void readsKubectlGetListWithManagedFieldsAndStatus() throws Exception {
        Manifests m = fixture();
        assertThat(m.nodes()).extracting(n -> n.metadata().name()).containsExactly("kind-control-plane", "kind-worker");
        assertThat(m.pods()).hasSize(2);
        assertThat(m.services()).extracting(s -> s.metadata().name()).containsExactly("kubernetes", "web");
        assertThat(m.endpointSlices()).extracting(s -> s.metadata().name()).containsExactly("kubernetes", "web-8fkzq");
        assertThat(m.warnings()).containsExactly("kubectl-get-all.yaml:359: kind Deployment (apps/v1) is not modelled; ignored");
        assertThat(m.origin(m.services().get(1))).isEqualTo("kubectl-get-all.yaml:250");
    }

    @Test
    void node() throws Exception {
        Node n = fixture().nodes().get(0);
        assertThat(n.internalIP()).contains("172.18.0.2");
        assertThat(n.address("Hostname")).contains("kind-control-plane");
        assertThat(n.spec().podCIDR()).isEqualTo("10.244.0.0/24");
        assertThat(n.spec().podCIDRs()).containsExactly("10.244.0.0/24");
        assertThat(n.metadata().namespace()).isEmpty();
        assertThat(n.metadata().uid()).isEqualTo("5a0d7b2e-1f7b-4a51-9d1c-0e3c9f1a2b01");
        assertThat(n.metadata().labels()).containsEntry("topology.kubernetes.io/zone", "zone-a");
    }

    @Test
    void pod() throws Exception {
        List<Pod> pods = fixture().pods();
        Pod p = pods.get(0);
        assertThat(p.key()).isEqualTo("default/web-7d4b9c8f6d-x2x7q");
        assertThat(p.spec().nodeName()).isEqualTo("kind-worker");
        assertThat(p.spec().containers().get(0).ports()).singleElement().satisfies(cp -> {
            assertThat(cp.name()).isEqualTo("http");
            assertThat(cp.containerPort()).isEqualTo(8080);
            assertThat(cp.protocol()).isEqualTo(Protocol.TCP);
        });
        assertThat(p.status().phase()).isEqualTo(PodPhase.RUNNING);
        assertThat(p.status().podIP()).isEqualTo("10.244.1.5");
        assertThat(p.status().hostIP()).isEqualTo("172.18.0.3");
        assertThat(p.isReady()).isTrue();
        assertThat(pods.get(1).isReady()).isFalse();
        assertThat(p.isTerminating()).isFalse();
    }

    @Test
    void loadBalancerService() throws Exception {
        Service s = fixture().services().get(1);
        assertThat(s.spec().type()).isEqualTo(ServiceType.LOAD_BALANCER);
        assertThat(s.spec().clusterIP()).isEqualTo("10.96.45.12");
        assertThat(s.spec().selector()).isEqualTo(Map.of("app", "web"));
        assertThat(s.spec().ports()).singleElement().satisfies(sp -> {
            assertThat(sp.targetPort()).isEqualTo(IntOrString.of("http"));
            assertThat(sp.nodePort()).isEqualTo(30080);
            assertThat(sp.port()).isEqualTo(80);
        });
        assertThat(s.spec().externalTrafficPolicy()).isEqualTo(TrafficPolicy.LOCAL);
        assertThat(s.spec().externalPolicyLocal()).isTrue();
        assertThat(s.spec().healthCheckNodePort()).isEqualTo(31245);
        assertThat(s.spec().sessionAffinity()).isEqualTo(SessionAffinity.CLIENT_IP);
        assertThat(s.spec().sessionAffinityTimeoutSeconds()).isEqualTo(600);
        assertThat(s.spec().loadBalancerSourceRanges()).containsExactly("203.0.113.0/24");
        assertThat(s.status().ingress()).containsExactly(new LoadBalancerIngress("198.51.100.7", "", "VIP"));
        assertThat(s.metadata().annotations()).containsKey("kubectl.kubernetes.io/last-applied-configuration");
    }

    @Test
    void endpointSlices() throws Exception {
        EndpointSlice k = fixture().endpointSlices().get(0);
        assertThat(k.serviceName()).isEqualTo("kubernetes");
        assertThat(k.addressType()).isEqualTo(AddressType.IPV4);
        assertThat(k.endpoints().get(0).conditions()).isEqualTo(new EndpointConditions(true, null, null));
        assertThat(k.endpoints().get(0).conditions().isServing()).isTrue();
        assertThat(k.endpoints().get(0).nodeName()).isNull();
        assertThat(k.ports().get(0).port()).isEqualTo(6443);
        EndpointSlice w = fixture().endpointSlices().get(1);
        assertThat(w.endpoints().get(1).zone()).isEqualTo("zone-a");
        assertThat(w.endpoints().get(1).conditions().isReady()).isFalse();
        assertThat(w.endpoints().get(0).targetRef().name()).isEqualTo("web-7d4b9c8f6d-x2x7q");
    }

    @Test
    void multipleDocumentsSkippingTheKdpSection() throws Exception {
        String text = """
                kdp:
                  nodes: 3
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                ---
                # an empty document is ignored
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: cart
                  namespace: shop
                spec:
                  selector: {app: cart}
                  ports:
                  - port: 8080
                """;
        Manifests m = ManifestReader.read("scenario.yaml", text, ManifestReader.hasTopLevelKey("kdp"));
        assertThat(m.namespaces()).singleElement().satisfies(ns ->
                assertThat(ns.metadata().labels()).containsEntry("kubernetes.io/metadata.name", "shop"));
        assertThat(m.services()).singleElement().satisfies(s -> assertThat(s.key()).isEqualTo("shop/cart"));
        assertThat(m.origin(m.services().get(0))).isEqualTo("scenario.yaml:11");
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void rawDocumentsKeepTheirStartLines() throws Exception {
        List<YamlDocument> docs = YamlTreeReader.read("s.yaml", "kdp: {}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
        assertThat(docs).extracting(YamlDocument::startLine).containsExactly(1, 3);
        assertThat(ManifestReader.read(docs.subList(1, 2)).namespaces()).hasSize(1);
    }

    @Test
    void typedListItemsMayOmitKind() throws Exception {
        String text = """
                apiVersion: v1
                kind: PodList
                items:
                - metadata: {name: a}
                  spec:
                    containers: [{name: c, image: busybox}]
                """;
        assertThat(ManifestReader.read("pods.yaml", text).pods()).extracting(Pod::key).containsExactly("default/a");
    }
}
