package io.kdp.k8s.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every kind of manifest error, with its exact message. */
class ManifestErrorsTest {
    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector:
                app: web
              ports:
              - name: http
                port: %s
            """;

    private static String error(String text) {
        try {
            ManifestReader.read("scenario.yaml", text);
        } catch (ManifestException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for:\n" + text);
    }

    @Test
    void exceptionCarriesItsParts() {
        assertThatThrownBy(() -> ManifestReader.read("scenario.yaml", SERVICE.formatted("http")))
                .isInstanceOfSatisfying(ManifestException.class, e -> {
                    assertThat(e.file()).isEqualTo("scenario.yaml");
                    assertThat(e.line()).isEqualTo(10);
                    assertThat(e.field()).isEqualTo("spec.ports[0].port");
                    assertThat(e.detail()).isEqualTo("expected an integer 1-65535, got \"http\"");
                });
    }

    @Test
    void portWrongTypeOrRange() {
        assertThat(error(SERVICE.formatted("http")))
                .isEqualTo("scenario.yaml:10: spec.ports[0].port: expected an integer 1-65535, got \"http\"");
        assertThat(error(SERVICE.formatted("\"80\"")))
                .isEqualTo("scenario.yaml:10: spec.ports[0].port: expected an integer 1-65535, got \"80\"");
        assertThat(error(SERVICE.formatted("70000")))
                .isEqualTo("scenario.yaml:10: spec.ports[0].port: expected an integer 1-65535, got 70000");
        assertThat(error(SERVICE.formatted("0")))
                .isEqualTo("scenario.yaml:10: spec.ports[0].port: expected an integer 1-65535, got 0");
        assertThat(error(SERVICE.formatted("80.5")))
                .isEqualTo("scenario.yaml:10: spec.ports[0].port: expected an integer 1-65535, got 80.5");
        assertThat(error(SERVICE.formatted("[80]")))
                .isEqualTo("scenario.yaml:10: spec.ports[0].port: expected an integer 1-65535, got a list");
    }

    @Test
    void unknownFieldWithLineAndSuggestion() {
        String text = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  prots:
                  - port: 80
                """;
        assertThat(error(text)).isEqualTo("scenario.yaml:6: spec.prots: unknown field \"prots\" in ServiceSpec (did you mean \"ports\"?)");
        assertThat(error(text.replace("prots:", "bogusField:")))
                .isEqualTo("scenario.yaml:6: spec.bogusField: unknown field \"bogusField\" in ServiceSpec");
        assertThat(error(SERVICE.formatted("80\n    tragetPort: 8080")))
                .isEqualTo("scenario.yaml:11: spec.ports[0].tragetPort: unknown field \"tragetPort\" in ServicePort (did you mean \"targetPort\"?)");
    }

    @Test
    void unknownFieldInsideAListItem() {
        String text = """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: a}
                  spec:
                    containers:
                    - name: c
                      image: busybox
                      ports:
                      - containerPort: 80
                        hostport: 80
                """;
        assertThat(error(text)).isEqualTo(
                "scenario.yaml:13: items[0].spec.containers[0].ports[0].hostport: unknown field \"hostport\" in ContainerPort (did you mean \"hostPort\"?)");
    }

    @Test
    void badIp() {
        String text = """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  clusterIP: 10.96.0.300
                  ports: [{port: 80}]
                """;
        assertThat(error(text)).isEqualTo("scenario.yaml:5: spec.clusterIP: invalid value \"10.96.0.300\": must be a valid IPv4 address"
                + " (or \"None\" for a headless service)");
        assertThat(error(text.replace("10.96.0.300", "fd00::1")))
                .isEqualTo("scenario.yaml:5: spec.clusterIP: invalid value \"fd00::1\": IPv6 is not supported (kdp models IPv4 only)"
                        + " (or \"None\" for a headless service)");
        assertThat(error(text.replace("clusterIP: 10.96.0.300", "externalIPs: [1.2.3.4, 1.2.3]")))
                .isEqualTo("scenario.yaml:5: spec.externalIPs[1]: invalid value \"1.2.3\": must be a valid IPv4 address");
    }

    @Test
    void badCidr() {
        String node = """
                apiVersion: v1
                kind: Node
                metadata: {name: n1}
                spec:
                  podCIDR: %s
                """;
        assertThat(error(node.formatted("10.244.0.0/33")))
                .isEqualTo("scenario.yaml:5: spec.podCIDR: invalid value \"10.244.0.0/33\": must be a valid IPv4 CIDR (e.g. 10.0.0.0/16)");
        assertThat(error(node.formatted("10.244.0.0")))
                .isEqualTo("scenario.yaml:5: spec.podCIDR: invalid value \"10.244.0.0\": must be a valid IPv4 CIDR (e.g. 10.0.0.0/16)");
        assertThat(error(node.formatted("10.244.0.1/24")))
                .isEqualTo("scenario.yaml:5: spec.podCIDR: invalid value \"10.244.0.1/24\": has host bits set; did you mean \"10.244.0.0/24\"?");
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - ipBlock:
                        cidr: 10.0.0.0/16
                        except: [10.1.0.0/24]
                """;
        assertThat(error(policy)).isEqualTo("scenario.yaml:10: spec.ingress[0].from[0].ipBlock.except[0]: invalid value \"10.1.0.0/24\":"
                + " must be a strict subset of cidr \"10.0.0.0/16\"");
    }

    @Test
    void missingRequiredFields() {
        assertThat(error("apiVersion: v1\nkind: Service\nmetadata:\n  namespace: x\nspec:\n  ports: [{port: 80}]\n"))
                .isEqualTo("scenario.yaml:4: metadata.name: required value");
        assertThat(error("apiVersion: v1\nkind: Service\nspec:\n  ports: [{port: 80}]\n"))
                .isEqualTo("scenario.yaml:1: metadata.name: required value");
        assertThat(error("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports:\n  - name: p\n"))
                .isEqualTo("scenario.yaml:6: spec.ports[0].port: required value");
        assertThat(error("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  selector: {app: a}\n"))
                .isEqualTo("scenario.yaml:5: spec.ports: required value");
        assertThat(error("kind: Service\nmetadata: {name: a}\n")).isEqualTo("scenario.yaml:1: apiVersion: required value");
        assertThat(error("apiVersion: v1\nmetadata: {name: a}\n")).isEqualTo("scenario.yaml:1: kind: required value");
        assertThat(error("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: c\n"))
                .isEqualTo("scenario.yaml:6: spec.containers[0].image: required value");
    }

    @Test
    void badNames() {
        assertThat(error(SERVICE.formatted("80").replace("name: web", "name: Web_1")))
                .isEqualTo("scenario.yaml:4: metadata.name: invalid value \"Web_1\": a DNS-1035 label must consist of lower case"
                        + " alphanumeric characters or '-', start with an alphabetic character, end with an alphanumeric character,"
                        + " and be at most 63 characters");
        assertThat(error("apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: My-NS}\nspec:\n  containers: [{name: c, image: i}]\n"))
                .startsWith("scenario.yaml:3: metadata.namespace: invalid value \"My-NS\": a lowercase RFC 1123 label");
    }

    @Test
    void wrongTypes() {
        assertThat(error("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  hostNetwork: \"true\"\n  containers: [{name: c, image: i}]\n"))
                .isEqualTo("scenario.yaml:5: spec.hostNetwork: expected a boolean (true or false), got \"true\"");
        assertThat(error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    version: 1\nspec:\n  containers: [{name: c, image: i}]\n"))
                .isEqualTo("scenario.yaml:6: metadata.labels.version: expected a string, got 1");
        assertThat(error("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: [1]\n"))
                .isEqualTo("scenario.yaml:4: spec: expected a map (ServiceSpec), got a list");
        assertThat(error("- a\n- b\n")).isEqualTo("scenario.yaml:1: expected a Kubernetes object (a map with apiVersion and kind), got a list");
    }

    @Test
    void enumsAndProtocols() {
        assertThat(error(SERVICE.formatted("80\n    protocol: tcp")))
                .isEqualTo("scenario.yaml:11: spec.ports[0].protocol: unsupported value \"tcp\": supported values: \"TCP\", \"UDP\", \"SCTP\"");
        assertThat(error(SERVICE.formatted("80").replace("spec:\n", "spec:\n  type: Nodeport\n")))
                .isEqualTo("scenario.yaml:6: spec.type: unsupported value \"Nodeport\": supported values: \"ClusterIP\", \"NodePort\","
                        + " \"LoadBalancer\", \"ExternalName\"");
    }

    @Test
    void serviceRules() {
        assertThat(error(SERVICE.formatted("80\n    nodePort: 30080")))
                .isEqualTo("scenario.yaml:11: spec.ports[0].nodePort: forbidden: may not be used when type is 'ClusterIP'");
        assertThat(error(SERVICE.formatted("80\n  - port: 81")))
                .isEqualTo("scenario.yaml:11: spec.ports[1].name: required value: each port must be named when a service has more than one");
        assertThat(error(SERVICE.formatted("80\n  externalTrafficPolicy: Local")))
                .isEqualTo("scenario.yaml:11: spec.externalTrafficPolicy: invalid value \"Local\": may only be set for externally-accessible services");
        assertThat(error(SERVICE.formatted("80\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 0}}")))
                .isEqualTo("scenario.yaml:12: spec.sessionAffinityConfig.clientIP.timeoutSeconds: expected an integer 1-86400, got 0");
        assertThat(error(SERVICE.formatted("80\n    targetPort: my_port")))
                .startsWith("scenario.yaml:11: spec.ports[0].targetPort: invalid value \"my_port\": a port name must be an IANA_SVC_NAME");
    }

    @Test
    void kindsAndVersions() {
        assertThat(error("apiVersion: apps/v1\nkind: Service\nmetadata: {name: a}\n"))
                .isEqualTo("scenario.yaml:1: apiVersion: no matches for kind \"Service\" in version \"apps/v1\" (kdp reads v1)");
        assertThat(error(SERVICE.formatted("80") + "---\n" + SERVICE.formatted("81")))
                .isEqualTo("scenario.yaml:12: metadata.name: Service default/web is already defined at scenario.yaml:1");
    }

    @Test
    void yamlSyntaxAndDuplicateKeys() {
        assertThat(error("apiVersion: v1\nkind: Service\nkind: Pod\n"))
                .isEqualTo("scenario.yaml:3: mapping key \"kind\" already defined at line 2");
        assertThat(error("apiVersion: v1\nkind: [Service\n"))
                .isEqualTo("scenario.yaml:2: invalid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
        assertThat(error("apiVersion: v1\nkind: Service\n  metadata: x\n"))
                .isEqualTo("scenario.yaml:3: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void endpointSliceAndPolicyRules() {
        String slice = """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: web-abc
                  labels: {kubernetes.io/service-name: web}
                addressType: IPv4
                endpoints:
                - addresses: [10.0.0.1]
                  conditions: {ready: \"yes\"}
                """;
        assertThat(error(slice)).isEqualTo("scenario.yaml:9: endpoints[0].conditions.ready: expected a boolean (true or false), got \"yes\"");
        assertThat(error(slice.replace("addressType: IPv4\n", "")))
                .isEqualTo("scenario.yaml:1: addressType: required value");
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p}
                spec:
                  podSelector:
                    matchExpressions:
                    - {key: app, operator: In}
                """;
        assertThat(error(policy)).isEqualTo(
                "scenario.yaml:7: spec.podSelector.matchExpressions[0].values: required value: must be specified when operator is 'In' or 'NotIn'");
        assertThat(error(policy.replace("operator: In", "operator: Exists, values: [a]"))).isEqualTo(
                "scenario.yaml:7: spec.podSelector.matchExpressions[0].values: forbidden: may not be specified when operator is 'Exists' or 'DoesNotExist'");
        assertThat(error(policy.replace("operator: In", "operator: Equals, values: [a]"))).isEqualTo(
                "scenario.yaml:7: spec.podSelector.matchExpressions[0].operator: unsupported value \"Equals\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"");
    }
}
