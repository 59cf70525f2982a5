package io.kdp.k8s.policy;

import static io.kdp.k8s.model.PolicyType.EGRESS;
import static io.kdp.k8s.model.PolicyType.INGRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.k8s.model.IPBlock;
import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.LabelSelector;
import io.kdp.k8s.model.Namespace;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.NetworkPolicyIngressRule;
import io.kdp.k8s.model.NetworkPolicyPeer;
import io.kdp.k8s.model.NetworkPolicyPort;
import io.kdp.k8s.model.NetworkPolicySpec;
import io.kdp.k8s.model.ObjectMeta;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PolicyType;
import io.kdp.k8s.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's API beyond plain verdicts: the node exemption, hostNetwork pods, CNI helpers, ids, errors. */
class PolicyEngineTest {
    private static NetworkPolicy ingressPolicy(String ns, String name, NetworkPolicyIngressRule... rules) {
        return new NetworkPolicy(ObjectMeta.of(ns, name),
                new NetworkPolicySpec(LabelSelector.EVERYTHING, List.of(PolicyType.INGRESS), List.of(rules), List.of()));
    }

    private static NetworkPolicyIngressRule from(NetworkPolicyPeer... peers) {
        return new NetworkPolicyIngressRule(List.of(), List.of(peers));
    }

    private static NetworkPolicyPeer block(String cidr, String... except) {
        return new NetworkPolicyPeer(null, null, new IPBlock(cidr, List.of(except)));
    }

    private static PolicyEngine engineWith(NetworkPolicy... policies) {
        PolicyFixture f = PolicyFixture.with();
        return new PolicyEngine(List.of(policies), f.manifests.pods(), f.manifests.namespaces());
    }

    @Test
    void ingressFromThePodsOwnNodeIsAlwaysAllowed() {
        PolicyFixture f = PolicyFixture.with("deny-ingress.yaml");
        Verdict probe = f.tcp("192.168.1.1", "x/a", 80);
        assertThat(probe.allowed()).isTrue();
        assertThat(probe.ingress().outcome()).isEqualTo(Outcome.ALLOWED_FROM_LOCAL_NODE);
        assertThat(probe.ingress().isolated()).isTrue();
        assertThat(probe.ingress().describe()).isEqualTo("ingress x/a: allowed: from the pod's own node");
        // x/c runs on node-2
        assertThat(f.tcp("192.168.1.1", "x/c", 80).ingress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(f.tcp("192.168.1.2", "x/c", 80).allowed()).isTrue();
        // the hostNetwork pod on node-1 is node-1
        assertThat(f.tcp("kube-system/node-agent", "x/b", 80).ingress().outcome()).isEqualTo(Outcome.ALLOWED_FROM_LOCAL_NODE);
        assertThat(f.tcp("kube-system/node-agent", "x/c", 80).allowed()).isFalse();
    }

    @Test
    void egressToTheOwnNodeIsNotExempt() {
        PolicyFixture f = PolicyFixture.with("deny-egress.yaml");
        assertThat(f.tcp("x/a", "192.168.1.1", 10250).egress().outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void hostNetworkPodsAreNeverIsolatedAndNeverMatchSelectors() {
        NetworkPolicy denyKubeSystem = new NetworkPolicy(ObjectMeta.of("kube-system", "deny-all"),
                new NetworkPolicySpec(LabelSelector.EVERYTHING, List.of(INGRESS, EGRESS), List.of(), List.of()));
        NetworkPolicy allowAllPods = ingressPolicy("x", "allow-all-pods",
                from(new NetworkPolicyPeer(LabelSelector.EVERYTHING, LabelSelector.EVERYTHING, null)));
        PolicyEngine engine = engineWith(denyKubeSystem, allowAllPods);
        PolicyFixture f = PolicyFixture.with();
        Pod agent = f.pod("kube-system/node-agent");
        assertThat(engine.policiesSelecting(agent, INGRESS)).isEmpty();
        Verdict toAgent = engine.evaluate(Connection.tcp(ConnectionEnd.pod(f.pod("y/a")), ConnectionEnd.pod(agent), 10250));
        assertThat(toAgent.ingress().describe()).isEqualTo("ingress kube-system/node-agent: not enforced: hostNetwork pod");
        // {namespaceSelector: {}, podSelector: {}} is every pod, but the agent's traffic is node traffic; x/c is on node-2
        Verdict fromAgent = engine.evaluate(Connection.tcp(ConnectionEnd.pod(agent), ConnectionEnd.pod(f.pod("x/c")), 80));
        assertThat(fromAgent.egress().outcome()).isEqualTo(Outcome.HOST_NETWORK);
        assertThat(fromAgent.ingress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(engine.evaluate(Connection.tcp(ConnectionEnd.pod(f.pod("z/c")), ConnectionEnd.pod(f.pod("x/c")), 80))
                .ingress().rule()).hasToString("x/allow-all-pods ingress[0]");
    }

    @Test
    void verdictsNameEveryAllowingRuleInOrderAndTheDenyingDirection() {
        PolicyFixture f = PolicyFixture.with("union.yaml", "deny-egress.yaml");
        Verdict v = f.tcp("y/b", "x/a", 80);
        assertThat(v.ingress().allowedBy()).extracting(RuleId::toString).containsExactly("x/allow-from-y ingress[0]");
        assertThat(v.ingress().selectingKeys()).containsExactly("x/allow-from-b", "x/allow-from-y");
        assertThat(v.deniedBy()).isNull();

        Verdict out = f.tcp("x/b", "x/a", 80);
        assertThat(out.allowed()).isFalse();
        assertThat(out.deniedBy()).isSameAs(out.egress());
        assertThat(out.ingress().allowed()).isTrue();

        NetworkPolicy twice = ingressPolicy("x", "also-b", from(new NetworkPolicyPeer(LabelSelector.of(Map.of("pod", "b")), null, null)),
                from(block("10.0.1.11/32")));
        PolicyEngine engine = engineWith(twice);
        Verdict both = engine.evaluate(Connection.tcp(f.end("x/b"), f.end("x/c"), 80));
        assertThat(both.ingress().allowedBy()).extracting(RuleId::toString).containsExactly("x/also-b ingress[0]", "x/also-b ingress[1]");
        assertThat(both.ingress().describe()).isEqualTo("ingress x/c: allowed by x/also-b ingress[0], x/also-b ingress[1]");
    }

    @Test
    void establishedPacketsAreAllowedStatefully() {
        PolicyFixture f = PolicyFixture.with("deny-ingress.yaml");
        Connection c = Connection.tcp(f.end("x/a"), f.end("y/a"), 80);
        Verdict v = Verdict.established(c);
        assertThat(v.allowed()).isTrue();
        assertThat(v.describe()).isEqualTo("""
                x/a -> y/a TCP/80: allowed
                  egress x/a: allowed: packet of an established connection
                  ingress y/a: allowed: packet of an established connection""");
        // the reply y/a -> x/a would be denied as a new connection: stateful enforcement is what lets it through
        assertThat(f.tcp("y/a", "x/a", 80).allowed()).isFalse();
    }

    @Test
    void policiesSelectingAPodFollowNamespaceSelectorAndPolicyTypes() {
        PolicyFixture f = PolicyFixture.with("policy-types.yaml", "union.yaml", "other-namespace.yaml");
        assertThat(f.engine.policiesSelecting(f.pod("x/a"), INGRESS)).extracting(NetworkPolicy::key)
                .containsExactly("x/allow-from-b", "x/allow-from-y", "x/egress-rules-no-types");
        assertThat(f.engine.policiesSelecting(f.pod("x/a"), EGRESS)).extracting(NetworkPolicy::key)
                .containsExactly("x/egress-rules-no-types");
        assertThat(f.engine.policiesSelecting(f.pod("x/b"), INGRESS)).isEmpty();
        assertThat(f.engine.policiesSelecting(f.pod("y/c"), EGRESS)).extracting(NetworkPolicy::key).containsExactly("y/deny-all");
        assertThat(f.engine.policies()).extracting(NetworkPolicy::key).containsExactly("x/allow-from-b", "x/allow-from-y",
                "x/egress-rules-no-types", "x/explicit-egress-only", "y/deny-all");
    }

    @Test
    void cniHelpersExposeRulesAndSelectedPods() {
        PolicyFixture f = PolicyFixture.with("namespace-and-pod.yaml", "namespace-or-pod.yaml", "egress-external.yaml");
        NetworkPolicy and = f.manifests.networkPolicies().get(0);
        NetworkPolicy or = f.manifests.networkPolicies().get(1);
        PolicyRule andRule = f.engine.rules(and, INGRESS).get(0);
        assertThat(f.engine.podsSelectedBy(andRule.peers().get(0), "x")).extracting(Pod::key).containsExactly("y/b");
        PolicyRule orRule = f.engine.rules(or, INGRESS).get(0);
        assertThat(f.engine.podsSelectedBy(orRule.peers().get(0), "x")).extracting(Pod::key).containsExactly("y/a", "y/b", "y/c");
        assertThat(f.engine.podsSelectedBy(orRule.peers().get(1), "x")).extracting(Pod::key).containsExactly("x/b");
        assertThat(f.engine.rules(or, EGRESS)).isEmpty();

        NetworkPolicy egress = f.manifests.networkPolicies().get(2);
        PolicyRule toExternal = f.engine.rules(egress, EGRESS).get(0);
        assertThat(toExternal.ipBlock(0).cidr()).hasToString("203.0.113.0/24");
        assertThat(f.engine.podsSelectedBy(toExternal.peers().get(0), "x")).isEmpty();
        assertThat(f.engine.ruleMatches(toExternal, Connection.tcp(f.end("x/a"), f.end("203.0.113.7"), 443))).isTrue();
        assertThat(f.engine.ruleMatches(toExternal, Connection.tcp(f.end("x/a"), f.end("203.0.113.7"), 444))).isFalse();
    }

    @Test
    void endForResolvesPodAddresses() {
        PolicyFixture f = PolicyFixture.with();
        assertThat(f.engine.endFor("10.0.2.21")).isEqualTo(ConnectionEnd.pod(f.pod("y/b")));
        // the hostNetwork pod's address is its node's: not a pod end
        assertThat(f.engine.endFor("192.168.1.1")).isEqualTo(ConnectionEnd.ip("192.168.1.1"));
        assertThat(f.engine.endFor("203.0.113.7").describe()).isEqualTo("203.0.113.7");
    }

    @Test
    void namespacesWithoutObjectGetTheNameLabel() {
        PolicyFixture f = PolicyFixture.with();
        assertThat(f.engine.namespaceLabels().of("z")).isEqualTo(Map.of("kubernetes.io/metadata.name", "z"));
        assertThat(f.engine.namespaceLabels().of("x")).isEqualTo(Map.of("ns", "x", "kubernetes.io/metadata.name", "x"));
        NamespaceLabels custom = new NamespaceLabels(List.of(new Namespace(ObjectMeta.of("", "team", Map.of("tier", "gold")))));
        assertThat(custom.of("team")).containsEntry("tier", "gold").containsEntry("kubernetes.io/metadata.name", "team");
    }

    @Test
    void ruleIdsPrintAndHashStably() {
        RuleId id = new RuleId("x", "allow-b-to-a", INGRESS, 0);
        assertThat(id).hasToString("x/allow-b-to-a ingress[0]");
        assertThat(new RuleId("x", "egress-external", EGRESS, 1)).hasToString("x/egress-external egress[1]");
        // base64url(sha256("x/allow-b-to-a/Ingress/0"))[:16], checked with Python's hashlib
        assertThat(id.hash()).isEqualTo("baKLsDT2sLQkD8HF");
        assertThat(new RuleId("x", "allow-b-to-a", INGRESS, 1).hash()).isEqualTo("uuqS3HdVkSorsSX3");
        assertThat(new RuleId("x", "egress-external", EGRESS, 1).hash()).isEqualTo("K4nzN6Mi6NhSuglq");
    }

    @Test
    void podWithoutAddressNeverMatchesAnIpBlock() {
        Pod pending = new Pod(ObjectMeta.of("x", "pending"), null, null);
        NetworkPolicy all = ingressPolicy("x", "from-everywhere", from(block("0.0.0.0/0")));
        PolicyFixture f = PolicyFixture.with();
        List<Pod> pods = new ArrayList<>(f.manifests.pods());
        pods.add(pending);
        PolicyEngine engine = new PolicyEngine(List.of(all), pods, List.of());
        assertThat(engine.evaluate(Connection.tcp(ConnectionEnd.pod(pending), f.end("x/a"), 80)).allowed()).isFalse();
        assertThat(engine.evaluate(Connection.tcp(f.end("y/a"), f.end("x/a"), 80)).allowed()).isTrue();
    }

    @Test
    void invalidPoliciesBuiltInCodeAreRejectedWithTheirField() {
        assertThatThrownBy(() -> engineWith(ingressPolicy("x", "bad", from(block("10.0.0.0/8"), block("10.0.0.0/33")))))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("NetworkPolicy x/bad: spec.ingress[0].from[1].ipBlock.cidr: invalid CIDR \"10.0.0.0/33\": ");
        assertThatThrownBy(() -> engineWith(ingressPolicy("x", "bad", from(block("10.0.0.0/16", "10.1.0.0/24")))))
                .hasMessage("NetworkPolicy x/bad: spec.ingress[0].from[0].ipBlock.except[0]: invalid value \"10.1.0.0/24\": "
                        + "must be a strict subset of cidr \"10.0.0.0/16\"");
        assertThatThrownBy(() -> engineWith(ingressPolicy("x", "bad", from(new NetworkPolicyPeer(null, null, null)))))
                .hasMessage("NetworkPolicy x/bad: spec.ingress[0].from[0]: required value: must specify a peer");
        assertThatThrownBy(() -> engineWith(ingressPolicy("x", "bad",
                from(new NetworkPolicyPeer(LabelSelector.EVERYTHING, null, new IPBlock("10.0.0.0/8", List.of()))))))
                .hasMessage("NetworkPolicy x/bad: spec.ingress[0].from[0].ipBlock: forbidden: may not specify more than 1 peer type (ipBlock with a selector)");
        NetworkPolicyIngressRule namedRange = new NetworkPolicyIngressRule(
                List.of(new NetworkPolicyPort(Protocol.TCP, IntOrString.of("http"), 90)), List.of());
        assertThatThrownBy(() -> engineWith(ingressPolicy("x", "bad", namedRange)))
                .hasMessage("NetworkPolicy x/bad: spec.ingress[0].ports[0].endPort: forbidden: may not be specified when port is not a number");
        NetworkPolicy p = ingressPolicy("x", "twice");
        assertThatThrownBy(() -> engineWith(p, p)).hasMessage("NetworkPolicy x/twice is given twice");
    }

    @Test
    void invalidConnectionsAreRejected() {
        ConnectionEnd a = ConnectionEnd.ip("10.0.0.1");
        assertThatThrownBy(() -> Connection.tcp(a, a, 0)).hasMessage("connection: destination port 0 is not in 1..65535");
        assertThatThrownBy(() -> new Connection(a, a, null, 80)).hasMessage("connection: protocol is required (TCP, UDP or SCTP)");
        assertThatThrownBy(() -> ConnectionEnd.ip("10.0.0.256")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Connection.udp(a, ConnectionEnd.ip("10.0.0.2"), 53)).hasToString("10.0.0.1 -> 10.0.0.2 UDP/53");
    }

    @Test
    void sctpIsMatchedLikeTheOtherProtocols() {
        NetworkPolicyIngressRule sctp = new NetworkPolicyIngressRule(
                List.of(new NetworkPolicyPort(Protocol.SCTP, IntOrString.of(80), null)), List.of());
        PolicyEngine engine = engineWith(ingressPolicy("x", "sctp-80", sctp));
        PolicyFixture f = PolicyFixture.with();
        assertThat(engine.evaluate(new Connection(f.end("y/a"), f.end("x/a"), Protocol.SCTP, 80)).allowed()).isTrue();
        assertThat(engine.evaluate(new Connection(f.end("y/a"), f.end("x/a"), Protocol.TCP, 80)).allowed()).isFalse();
    }
}
