package io.kdp.cluster.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.cluster.ClusterBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bad scenario files fail with one message naming the file, the line and the field. */
class ScenarioErrorTest {
    static final String GOOD = """
            kdp:
              cni: routed
              clusterCIDR: 10.244.0.0/16
              serviceCIDR: 10.96.0.0/12
              nodes:
                - name: node-a
                  ip: 192.168.49.2/24
                  podCIDR: 10.244.0.0/24
                - name: node-b
                  ip: 192.168.49.3/24
                  podCIDR: 10.244.1.0/24
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: client
            spec:
              nodeName: node-a
              containers:
                - name: curl
                  image: curl
            """;

    static String message(String text) {
        try {
            Scenario s = ScenarioLoader.parse("bad.yaml", text);
            ClusterBuilder.build(s, 1);
        } catch (ScenarioException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for:\n" + text);
    }

    @Test
    void theGoodOneLoads() throws Exception {
        assertThat(ClusterBuilder.build(ScenarioLoader.parse("good.yaml", GOOD), 1).pods()).containsKey("default/client");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field in kdp   | '  cni: routed'                  | '  cni: routed\\n  proxymode: iptables'         | bad.yaml:3: kdp.proxymode: unknown field "proxymode" in the kdp section (did you mean "proxyMode"?)
            unknown field in node  | '      ip: 192.168.49.3/24'      | '      ip: 192.168.49.3/24\\n      zone: a'      | bad.yaml:11: kdp.nodes[1].zone: unknown field "zone" in a node
            bad CIDR               | 'podCIDR: 10.244.1.0/24'         | 'podCIDR: 10.244.1.0/33'                       | bad.yaml:11: kdp.nodes[1].podCIDR: '10.244.1.0/33' is not an IPv4 CIDR
            host bits in a CIDR    | 'clusterCIDR: 10.244.0.0/16'     | 'clusterCIDR: 10.244.0.1/16'                   | bad.yaml:3: kdp.clusterCIDR: '10.244.0.1/16' has host bits set; did you mean 10.244.0.0/16?
            overlapping pod CIDRs  | 'podCIDR: 10.244.1.0/24'         | 'podCIDR: 10.244.0.128/25'                     | bad.yaml:11: kdp.nodes[1].podCIDR: 10.244.0.128/25 overlaps node node-a's podCIDR 10.244.0.0/24
            service CIDR overlaps  | 'serviceCIDR: 10.96.0.0/12'      | 'serviceCIDR: 10.240.0.0/12'                   | bad.yaml:4: kdp.serviceCIDR: 10.240.0.0/12 overlaps clusterCIDR 10.244.0.0/16
            pod on a missing node  | 'nodeName: node-a'               | 'nodeName: node-z'                             | bad.yaml:13: Pod default/client spec.nodeName: node "node-z" is not one of kdp.nodes (node-a, node-b)
            unknown field in a Pod | '  nodeName: node-a'             | '  nodeName: node-a\\n  hostnetwork: true'      | bad.yaml:19: spec.hostnetwork: unknown field "hostnetwork" in PodSpec (did you mean "hostNetwork"?)
            bad pod IP for node    | 'spec:'                          | 'status:\\n  podIP: 10.244.1.5\\nspec:'          | bad.yaml:13: Pod default/client status.podIP: 10.244.1.5 is outside 10.244.0.0/24 (node node-a owns 10.244.0.0/24)
            """)
    void badScenario(String name, String find, String replace, String expected) {
        assertThat(GOOD).contains(find);
        String text = GOOD.replaceFirst(java.util.regex.Pattern.quote(find), replace.replace("\\n", "\n"));
        assertThat(message(text)).isEqualTo(expected);
    }

    @Test
    void theFirstDocumentMustBeTheKdpSectionOrAnObject() {
        assertThat(message("nodes: []\n")).isEqualTo(
                "bad.yaml:1: kdp: the first document must be the kdp: cluster section (or the file must be Kubernetes objects, e.g. kubectl get ... -o yaml)");
    }

    @Test
    void objectsWithoutNodesCannotMakeACluster() {
        assertThat(message("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: c, image: i}]\n"))
                .isEqualTo("bad.yaml:1: kdp.nodes: at least one node is required (none given, and no Node objects to take them from)");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThat(message("kdp:\n  nodes: [\n")).startsWith("bad.yaml:3: invalid YAML: ");
    }
}
