package io.kdp.k8s.policy;

import static io.kdp.k8s.model.Protocol.TCP;
import static io.kdp.k8s.model.Protocol.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reachability matrices in the style of the upstream netpol e2e suite (rows: sources, columns: destinations,
 * {@code .} allowed, {@code X} denied) for the cluster of {@code policy/cluster.yaml}.
 */
class PolicyTruthTableTest {
    private static final String HEADER = "    xxxyyyzzz\n    abcabcabc\n";

    private static String rows(String... rows) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < rows.length; i++) sb.append(PolicyFixture.GRID.get(i)).append(' ').append(rows[i]).append('\n');
        return sb.toString();
    }

    /** Every source reaches every destination except the columns marked in {@code column} ('X'). */
    private static String columns(String column) {
        String[] r = new String[9];
        java.util.Arrays.fill(r, column);
        return rows(r);
    }

    private static final String ALL = columns(".........");

    @Test
    void noPoliciesAllowEverything() {
        PolicyFixture f = PolicyFixture.with();
        assertThat(f.matrix(TCP, 80)).isEqualTo(ALL);
        assertThat(f.matrix(UDP, 81)).isEqualTo(ALL);
        assertThat(f.tcp("x/a", "y/b", 80).describe()).isEqualTo("""
                x/a -> y/b TCP/80: allowed
                  egress x/a: allowed: not isolated for egress (no policy selects it)
                  ingress y/b: allowed: not isolated for ingress (no policy selects it)""");
    }

    @Test
    void defaultDenyIngress() {
        PolicyFixture f = PolicyFixture.with("deny-ingress.yaml");
        assertThat(f.matrix(TCP, 80)).isEqualTo(columns("XXX......"));
        assertThat(f.matrix(UDP, 81)).isEqualTo(columns("XXX......"));
        assertThat(f.tcp("y/a", "x/b", 80).describe()).isEqualTo("""
                y/a -> x/b TCP/80: denied
                  egress y/a: allowed: not isolated for egress (no policy selects it)
                  ingress x/b: denied: default deny by x/deny-all-ingress (no rule matched)""");
    }

    @Test
    void defaultDenyEgress() {
        PolicyFixture f = PolicyFixture.with("deny-egress.yaml");
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                "XXXXXXXXX", "XXXXXXXXX", "XXXXXXXXX",
                ".........", ".........", ".........", ".........", ".........", "........."));
        assertThat(f.tcp("x/a", "203.0.113.7", 443).describe()).isEqualTo("""
                x/a -> 203.0.113.7 TCP/443: denied
                  egress x/a: denied: default deny by x/deny-all-egress (no rule matched)
                  ingress 203.0.113.7: not enforced: not a pod""");
        assertThat(f.tcp("203.0.113.7", "x/a", 80).allowed()).isTrue();
    }

    @Test
    void podSelectorAloneMeansThePolicysNamespace() {
        PolicyFixture f = PolicyFixture.with("same-namespace-pod-label.yaml");
        // y/b and z/b carry pod=b too, but a podSelector without namespaceSelector only looks in x
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                "X........", ".........", "X........",
                "X........", "X........", "X........", "X........", "X........", "X........"));
        assertThat(f.tcp("x/b", "x/a", 80).ingress().describe()).isEqualTo("ingress x/a: allowed by x/allow-b-to-a ingress[0]");
    }

    @Test
    void namespaceSelectorByLabel() {
        PolicyFixture f = PolicyFixture.with("namespace-label.yaml");
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                "X........", "X........", "X........",
                ".........", ".........", ".........", "X........", "X........", "X........"));
    }

    @Test
    void namespaceSelectorByTheAutomaticNameLabelOfANamespaceWithoutObject() {
        PolicyFixture f = PolicyFixture.with("namespace-name.yaml");
        assertThat(f.manifests.namespaces()).extracting(n -> n.metadata().name()).containsExactly("x", "y");
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                "X........", "X........", "X........",
                "X........", "X........", "X........", ".........", ".........", "........."));
    }

    @Test
    void bothSelectorsInOnePeerAreAnd() {
        PolicyFixture f = PolicyFixture.with("namespace-and-pod.yaml");
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                "X........", "X........", "X........",
                "X........", ".........", "X........", "X........", "X........", "X........"));
    }

    @Test
    void selectorsInTwoPeersAreOr() {
        PolicyFixture f = PolicyFixture.with("namespace-or-pod.yaml");
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                "X........", ".........", "X........",
                ".........", ".........", ".........", "X........", "X........", "X........"));
        assertThat(f.tcp("y/c", "x/a", 80).ingress().rule().toString()).isEqualTo("x/allow-y-or-b ingress[0]");
    }

    @Test
    void ipBlockWithExceptMatchesPodAddressesByDefault() {
        PolicyFixture f = PolicyFixture.with("ipblock-except.yaml");
        // 10.0.2.0/24 (node-2's pods x/c, y/b, y/c, z/b, z/c) is cut out of 10.0.0.0/16
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                ".........", ".........", "X........",
                ".........", "X........", "X........", ".........", "X........", "X........"));
        assertThat(f.tcp("203.0.113.7", "x/a", 80).ingress().describe()).isEqualTo("ingress x/a: allowed by x/allow-cidr ingress[0]");
        assertThat(f.tcp("198.51.100.9", "x/a", 80).allowed()).isFalse();
        assertThat(f.tcp("10.0.2.99", "x/a", 80).allowed()).isFalse();
        assertThat(f.tcp("10.0.3.1", "x/a", 80).allowed()).isTrue();
    }

    @Test
    void ipBlockMatchesOnlyClusterExternalAddressesInCiliumScope() {
        PolicyFixture f = PolicyFixture.with(IpBlockScope.CLUSTER_EXTERNAL, "ipblock-except.yaml");
        assertThat(f.matrix(TCP, 80)).isEqualTo(columns("X........"));
        assertThat(f.tcp("203.0.113.7", "x/a", 80).allowed()).isTrue();
        assertThat(f.tcp("10.0.3.1", "x/a", 80).allowed()).isTrue();
        // a pod's address given as a bare address is still in-cluster
        assertThat(f.tcp("10.0.1.20", "x/a", 80).allowed()).isFalse();
    }

    @Test
    void namedPortInIngressResolvesAgainstTheDestinationPod() {
        PolicyFixture f = PolicyFixture.with("named-port-ingress.yaml");
        assertThat(f.matrix(TCP, 81)).isEqualTo(ALL);
        assertThat(f.matrix(TCP, 80)).isEqualTo(columns("X........"));
        // serve-81-tcp is TCP; UDP 81 is serve-81-udp
        assertThat(f.matrix(UDP, 81)).isEqualTo(columns("X........"));
        assertThat(f.tcp("203.0.113.7", "x/a", 81).allowed()).isTrue();
    }

    @Test
    void namedPortInEgressResolvesAgainstTheDestinationPod() {
        PolicyFixture f = PolicyFixture.with("named-port-egress.yaml");
        assertThat(f.matrix(UDP, 80)).isEqualTo(ALL);
        assertThat(f.matrix(UDP, 81)).isEqualTo(rows(
                ".........", "XXXXXXXXX", ".........",
                ".........", ".........", ".........", ".........", ".........", "........."));
        assertThat(f.matrix(TCP, 80)).isEqualTo(f.matrix(UDP, 81));
        // an address has no container ports to resolve the name against
        assertThat(f.evaluate("x/b", "203.0.113.7", UDP, 80).egress().describe())
                .isEqualTo("egress x/b: denied: default deny by x/egress-named-port (no rule matched)");
    }

    @Test
    void portRangeWithEndPort() {
        PolicyFixture f = PolicyFixture.with("port-range.yaml");
        assertThat(f.matrix(TCP, 80)).isEqualTo(ALL);
        assertThat(f.matrix(TCP, 81)).isEqualTo(ALL);
        assertThat(f.matrix(TCP, 82)).isEqualTo(columns("X........"));
        assertThat(f.tcp("x/b", "x/a", 79).allowed()).isFalse();
        assertThat(f.matrix(UDP, 80)).isEqualTo(columns("X........"));
    }

    @Test
    void protocolMustMatchAndDefaultsToTcp() {
        PolicyFixture f = PolicyFixture.with("protocol.yaml");
        assertThat(f.matrix(UDP, 80)).isEqualTo(columns(".X......."));
        assertThat(f.matrix(TCP, 80)).isEqualTo(columns("XX......."));
        assertThat(f.matrix(TCP, 81)).isEqualTo(columns("X........"));
        assertThat(f.matrix(UDP, 81)).isEqualTo(columns("XX......."));
    }

    @Test
    void egressToExternalAddresses() {
        PolicyFixture f = PolicyFixture.with("egress-external.yaml");
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                "X.XXXXXXX", ".........", ".........",
                ".........", ".........", ".........", ".........", ".........", "........."));
        assertThat(f.matrix(TCP, 443)).isEqualTo(rows(
                "XXXXXXXXX", ".........", ".........",
                ".........", ".........", ".........", ".........", ".........", "........."));
        assertThat(f.tcp("x/a", "203.0.113.7", 443).describe()).isEqualTo("""
                x/a -> 203.0.113.7 TCP/443: allowed
                  egress x/a: allowed by x/egress-external egress[0]
                  ingress 203.0.113.7: not enforced: not a pod""");
        assertThat(f.tcp("x/a", "203.0.113.7", 80).allowed()).isFalse();
        assertThat(f.tcp("x/a", "198.51.100.9", 443).allowed()).isFalse();
        assertThat(f.tcp("x/a", "x/b", 80).egress().rule().toString()).isEqualTo("x/egress-external egress[1]");
    }

    @Test
    void policiesSelectingThePodAreUnioned() {
        PolicyFixture f = PolicyFixture.with("union.yaml");
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                "X........", ".........", "X........",
                ".........", ".........", ".........", "X........", "X........", "X........"));
        assertThat(f.tcp("x/b", "x/a", 80).ingress().describe()).isEqualTo("ingress x/a: allowed by x/allow-from-b ingress[0]");
        assertThat(f.tcp("y/a", "x/a", 80).ingress().describe()).isEqualTo("ingress x/a: allowed by x/allow-from-y ingress[0]");
        assertThat(f.tcp("z/a", "x/a", 80).ingress().describe())
                .isEqualTo("ingress x/a: denied: default deny by x/allow-from-b, x/allow-from-y (no rule matched)");
    }

    @Test
    void aPolicyOnlySelectsPodsOfItsOwnNamespace() {
        PolicyFixture f = PolicyFixture.with("other-namespace.yaml");
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                "...XXX...", "...XXX...", "...XXX...",
                "XXXXXXXXX", "XXXXXXXXX", "XXXXXXXXX", "...XXX...", "...XXX...", "...XXX..."));
        assertThat(f.engine.policiesSelecting(f.pod("x/a"), io.kdp.k8s.model.PolicyType.INGRESS)).isEmpty();
    }

    @Test
    void policyTypesDefaulting() {
        PolicyFixture f = PolicyFixture.with("policy-types.yaml");
        // x/a: egress rules and no policyTypes: Ingress and Egress, no ingress rule so nothing may enter.
        // x/b: policyTypes [Egress]: its ingress rules are ignored, ingress stays open.
        assertThat(f.matrix(TCP, 80)).isEqualTo(rows(
                "X.XXXXXXX", "XXX...XXX", "X........",
                "X........", "X........", "X........", "X........", "X........", "X........"));
    }
}
