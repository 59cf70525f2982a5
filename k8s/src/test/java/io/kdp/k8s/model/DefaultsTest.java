package io.kdp.k8s.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.yaml.ManifestReader;
import io.kdp.k8s.yaml.Manifests;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API-server defaulting, applied both when reading YAML and when building records in code. */
class DefaultsTest {
    private static Manifests read(String text) throws Exception {
        return ManifestReader.read("d.yaml", text);
    }

    @Test
    void minimalServiceGetsEveryDefault() throws Exception {
        Service s = read("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n")
                .services().get(0);
        assertThat(s.metadata().namespace()).isEqualTo("default");
        ServiceSpec spec = s.spec();
        assertThat(spec.type()).isEqualTo(ServiceType.CLUSTER_IP);
        assertThat(spec.sessionAffinity()).isEqualTo(SessionAffinity.NONE);
        assertThat(spec.sessionAffinityConfig()).isNull();
        assertThat(spec.externalTrafficPolicy()).isNull();
        assertThat(spec.internalTrafficPolicy()).isEqualTo(TrafficPolicy.CLUSTER);
        assertThat(spec.allocateLoadBalancerNodePorts()).isNull();
        assertThat(spec.ports()).containsExactly(new ServicePort("", Protocol.TCP, 80, IntOrString.of(80), 0, null));
        assertThat(spec.clusterIP()).isEmpty();
        assertThat(spec.clusterIPs()).isEmpty();
        assertThat(spec.externalIPs()).isEmpty();
        assertThat(s.status().ingress()).isEmpty();
    }

    @Test
    void nodePortAndLoadBalancerDefaults() throws Exception {
        ServiceSpec np = read("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  type: NodePort\n  ports: [{port: 80}]\n")
                .services().get(0).spec();
        assertThat(np.externalTrafficPolicy()).isEqualTo(TrafficPolicy.CLUSTER);
        assertThat(np.allocateLoadBalancerNodePorts()).isNull();
        ServiceSpec lb = read("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\n")
                .services().get(0).spec();
        assertThat(lb.externalTrafficPolicy()).isEqualTo(TrafficPolicy.CLUSTER);
        assertThat(lb.allocateLoadBalancerNodePorts()).isTrue();
        ServiceSpec withExternalIPs = ServiceSpec.clusterIP("10.96.0.5", Map.of(), List.of());
        assertThat(withExternalIPs.externalTrafficPolicy()).isNull();
        ServiceSpec ext = new ServiceSpec(null, null, null, null, null, List.of("192.0.2.1"), null, null, null, null, null, null, 0,
                false, null, null);
        assertThat(ext.externalTrafficPolicy()).isEqualTo(TrafficPolicy.CLUSTER);
        assertThat(ext.externallyAccessible()).isTrue();
        ServiceSpec en = new ServiceSpec(ServiceType.EXTERNAL_NAME, null, null, null, null, null, null, null, null, null, null,
                null, 0, false, null, "db.example.com");
        assertThat(en.internalTrafficPolicy()).isNull();
    }

    @Test
    void clientIpAffinityDefaultsTimeout() {
        ServiceSpec s = new ServiceSpec(null, "10.96.0.9", null, Map.of("a", "b"), null, null, SessionAffinity.CLIENT_IP, null, null,
                null, null, null, 0, false, null, null);
        assertThat(s.sessionAffinityTimeoutSeconds()).isEqualTo(10800);
        assertThat(s.clusterIPs()).containsExactly("10.96.0.9");
        ServiceSpec none = new ServiceSpec(null, null, null, null, null, null, SessionAffinity.NONE,
                new SessionAffinityConfig(new ClientIPConfig(60)), null, null, null, null, 0, false, null, null);
        assertThat(none.sessionAffinityConfig()).isNull();
        assertThat(none.sessionAffinityTimeoutSeconds()).isZero();
    }

    @Test
    void targetPortDefaultsToPortAndNamedStays() {
        assertThat(new ServicePort("a", null, 53, null, 0, null).targetPort()).isEqualTo(IntOrString.of(53));
        assertThat(new ServicePort("a", null, 53, IntOrString.of(0), 0, null).targetPort()).isEqualTo(IntOrString.of(53));
        assertThat(new ServicePort("a", Protocol.UDP, 53, IntOrString.of("dns"), 0, null).targetPort().strVal()).isEqualTo("dns");
    }

    @Test
    void podDefaults() throws Exception {
        String text = """
                apiVersion: v1
                kind: Pod
                metadata: {name: ds, namespace: kube-system}
                spec:
                  hostNetwork: true
                  containers:
                  - name: agent
                    image: agent:1
                    ports:
                    - containerPort: 9100
                    - containerPort: 9101
                      hostPort: 19101
                      protocol: UDP
                """;
        Pod p = read(text).pods().get(0);
        assertThat(p.spec().allPorts()).containsExactly(new ContainerPort("", 9100, Protocol.TCP, 9100),
                new ContainerPort("", 9101, Protocol.UDP, 19101));
        assertThat(p.status()).isEqualTo(PodStatus.EMPTY);
        assertThat(p.status().phase()).isNull();
        assertThat(p.isReady()).isFalse();
        assertThat(new PodStatus(null, "10.0.0.1", null, null, null).podIPs()).containsExactly("10.0.0.1");
        assertThat(new PodStatus(null, null, List.of("10.0.0.2"), null, null).podIP()).isEqualTo("10.0.0.2");
    }

    @Test
    void clusterScopedObjectsDropNamespace() throws Exception {
        Node n = read("apiVersion: v1\nkind: Node\nmetadata: {name: n1, namespace: default}\nspec: {podCIDRs: [10.244.3.0/24]}\n")
                .nodes().get(0);
        assertThat(n.metadata().namespace()).isEmpty();
        assertThat(n.spec().podCIDR()).isEqualTo("10.244.3.0/24");
        assertThat(n.internalIP()).isEmpty();
        assertThat(Namespace.of("shop").metadata().labels()).isEqualTo(Map.of("kubernetes.io/metadata.name", "shop"));
    }

    @Test
    void networkPolicyTypesInferred() throws Exception {
        String base = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n";
        assertThat(read(base).networkPolicies().get(0).spec().policyTypes()).containsExactly(PolicyType.INGRESS);
        assertThat(read(base + "  egress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n").networkPolicies().get(0).spec().policyTypes())
                .containsExactly(PolicyType.INGRESS, PolicyType.EGRESS);
        assertThat(read(base + "  policyTypes: [Egress]\n").networkPolicies().get(0).spec().policyTypes())
                .containsExactly(PolicyType.EGRESS);
        NetworkPolicy p = read(base + "  ingress:\n  - ports: [{port: 80}, {port: http, protocol: UDP}, {port: 3000, endPort: 3010}]\n")
                .networkPolicies().get(0);
        assertThat(p.spec().ingress().get(0).ports()).containsExactly(new NetworkPolicyPort(Protocol.TCP, IntOrString.of(80), null),
                new NetworkPolicyPort(Protocol.UDP, IntOrString.of("http"), null),
                new NetworkPolicyPort(Protocol.TCP, IntOrString.of(3000), 3010));
        assertThat(p.spec().ingress().get(0).from()).isEmpty();
        assertThat(p.spec().podSelector()).isEqualTo(LabelSelector.EVERYTHING);
    }

    @Test
    void endpointSliceDefaultsAndConditions() throws Exception {
        String text = """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: s, labels: {kubernetes.io/service-name: web}}
                addressType: IPv4
                endpoints:
                - addresses: [10.0.0.1]
                - addresses: [10.0.0.2]
                  conditions: {ready: false, serving: true, terminating: true}
                ports:
                - port: 80
                """;
        EndpointSlice s = read(text).endpointSlices().get(0);
        assertThat(s.ports()).containsExactly(new EndpointPort("", Protocol.TCP, 80, null));
        EndpointConditions nil = s.endpoints().get(0).conditions();
        assertThat(nil).isEqualTo(EndpointConditions.UNKNOWN);
        assertThat(nil.isReady()).isTrue();
        assertThat(nil.isServing()).isTrue();
        assertThat(nil.isTerminating()).isFalse();
        EndpointConditions t = s.endpoints().get(1).conditions();
        assertThat(t.isReady()).isFalse();
        assertThat(t.isServing()).isTrue();
        assertThat(t.isTerminating()).isTrue();
    }

    @Test
    void collectionsAreNeverNullAndImmutable() {
        ObjectMeta m = new ObjectMeta("a", null, null, null, null, null);
        assertThat(m.labels()).isEmpty();
        assertThat(m.namespace()).isEmpty();
        java.util.Map<String, String> labels = new java.util.HashMap<>(Map.of("a", "1"));
        ObjectMeta copy = m.withLabels(labels);
        labels.put("b", "2");
        assertThat(copy.labels()).containsOnlyKeys("a");
        assertThat(new Pod(m, null, null).metadata().namespace()).isEqualTo("default");
    }
}
