package io.kdp.k8s.policy;

import io.kdp.k8s.model.Namespace;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.NetworkPolicyPeer;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PolicyType;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the cluster's NetworkPolicies (see the package documentation for the rules). Immutable: build a new
 * engine when policies, pods or namespaces change. Policies are kept in {@code namespace/name} order (the order
 * Calico gives Kubernetes policies, which all share order 1000), so verdicts are deterministic.
 *
 * <pre>{@code
 * PolicyEngine engine = new PolicyEngine(m.networkPolicies(), m.pods(), m.namespaces());
 * Verdict v = engine.evaluate(Connection.tcp(ConnectionEnd.pod(a), ConnectionEnd.pod(b), 80));
 * v.allowed(); v.ingress().rule();   // x/allow-a ingress[0]
 * }</pre>
 */
public final class PolicyEngine {
    private final List<CompiledPolicy> policies;
    private final Map<String, List<CompiledPolicy>> byNamespace = new HashMap<>();
    private final Map<String, CompiledPolicy> byKey = new HashMap<>();
    private final List<Pod> pods;
    private final Map<Integer, Pod> podsByIp = new HashMap<>();
    private final NamespaceLabels namespaces;
    private final PeerMatcher peers;
    private final IpBlockScope scope;

    /** An engine with {@link IpBlockScope#ALL_ADDRESSES} (Calico, upstream e2e). */
    public PolicyEngine(List<NetworkPolicy> policies, List<Pod> pods, List<Namespace> namespaces) {
        this(policies, pods, namespaces, IpBlockScope.ALL_ADDRESSES);
    }

    /**
     * @throws PolicyException when a policy is invalid (bad CIDR, peer with no or two kinds, ...) or given twice
     */
    public PolicyEngine(List<NetworkPolicy> policies, List<Pod> pods, List<Namespace> namespaces, IpBlockScope scope) {
        if (scope == null) throw new IllegalArgumentException("ipBlock scope is required");
        this.scope = scope;
        List<CompiledPolicy> compiled = new ArrayList<>(policies.size());
        for (NetworkPolicy p : policies) {
            CompiledPolicy c = CompiledPolicy.compile(p);
            if (byKey.putIfAbsent(p.key(), c) != null) throw new PolicyException("NetworkPolicy " + p.key() + " is given twice");
            compiled.add(c);
        }
        compiled.sort(Comparator.comparing(c -> c.policy().key()));
        this.policies = List.copyOf(compiled);
        for (CompiledPolicy c : this.policies) byNamespace.computeIfAbsent(c.namespace(), k -> new ArrayList<>()).add(c);
        this.pods = List.copyOf(pods);
        Set<Integer> clusterAddresses = new LinkedHashSet<>();
        for (Pod p : this.pods) {
            if (!p.status().hostIP().isEmpty()) clusterAddresses.add(Ip4.parse(p.status().hostIP()));
            for (String ip : p.status().podIPs()) {
                if (!Ip4.isValid(ip)) continue; // IPv6 pod IPs: kdp models IPv4 only
                clusterAddresses.add(Ip4.parse(ip));
                if (!p.spec().hostNetwork()) podsByIp.putIfAbsent(Ip4.parse(ip), p);
            }
        }
        this.namespaces = new NamespaceLabels(namespaces);
        this.peers = new PeerMatcher(this.namespaces, scope,
                clusterAddresses.stream().mapToInt(Integer::intValue).toArray());
    }

    public IpBlockScope scope() {
        return scope;
    }

    /** Every policy, in {@code namespace/name} order. */
    public List<NetworkPolicy> policies() {
        return policies.stream().map(CompiledPolicy::policy).toList();
    }

    /** The labels namespaceSelectors see for each namespace. */
    public NamespaceLabels namespaceLabels() {
        return namespaces;
    }

    /** The connection end for an address: the (non-hostNetwork) pod that has it, else the bare address. */
    public ConnectionEnd endFor(String address) {
        int ip = Ip4.parse(address);
        Pod p = podsByIp.get(ip);
        return p != null ? ConnectionEnd.pod(p) : ConnectionEnd.ip(ip);
    }

    /**
     * The policies that isolate {@code pod} for {@code direction}, in key order: same namespace, podSelector
     * matches, policyTypes contain the direction. Empty for a hostNetwork pod (treated as its node).
     */
    public List<NetworkPolicy> policiesSelecting(Pod pod, PolicyType direction) {
        return selecting(pod, direction).stream().map(CompiledPolicy::policy).toList();
    }

    /** The compiled rules of {@code policy} (one of this engine's) for {@code direction}. */
    public List<PolicyRule> rules(NetworkPolicy policy, PolicyType direction) {
        CompiledPolicy c = byKey.get(policy.key());
        if (c == null) throw new IllegalArgumentException("NetworkPolicy " + policy.key() + " is not known to this engine");
        return c.rules(direction);
    }

    /**
     * The pods (not hostNetwork) that a selector peer of a policy in {@code policyNamespace} selects, in input
     * order; for CNIs that turn peers into address sets or identities. An ipBlock peer selects no pods.
     */
    public List<Pod> podsSelectedBy(NetworkPolicyPeer peer, String policyNamespace) {
        if (peer.ipBlock() != null) return List.of();
        return pods.stream().filter(p -> !p.spec().hostNetwork() && peers.selects(peer, policyNamespace, p)).toList();
    }

    /**
     * Whether {@code rule} matches {@code connection}: its peers match the remote end (the source for an ingress
     * rule, the destination for egress) and its ports match the destination port.
     */
    public boolean ruleMatches(PolicyRule rule, Connection connection) {
        boolean ingress = rule.id().direction() == PolicyType.INGRESS;
        ConnectionEnd remote = ingress ? connection.source() : connection.destination();
        Pod destination = connection.destination() instanceof ConnectionEnd.OfPod p ? p.pod() : null;
        return PortMatcher.matches(rule.ports(), connection.protocol(), connection.port(), destination)
                && peers.matchesAny(rule, rule.id().namespace(), remote);
    }

    /** The verdict for a new connection, with the policy and rule that decided each direction. */
    public Verdict evaluate(Connection connection) {
        return new Verdict(connection, direction(connection, PolicyType.EGRESS), direction(connection, PolicyType.INGRESS));
    }

    private DirectionVerdict direction(Connection c, PolicyType direction) {
        ConnectionEnd subject = direction == PolicyType.INGRESS ? c.destination() : c.source();
        String name = subject.describe();
        if (!(subject instanceof ConnectionEnd.OfPod p)) return new DirectionVerdict(direction, Outcome.NOT_A_POD, name, List.of(), List.of());
        if (p.hostNetwork()) return new DirectionVerdict(direction, Outcome.HOST_NETWORK, name, List.of(), List.of());
        List<CompiledPolicy> selecting = selecting(p.pod(), direction);
        List<NetworkPolicy> selected = selecting.stream().map(CompiledPolicy::policy).toList();
        if (selecting.isEmpty()) return new DirectionVerdict(direction, Outcome.NOT_ISOLATED, name, List.of(), List.of());
        List<RuleId> allowing = new ArrayList<>(1);
        for (CompiledPolicy policy : selecting) {
            for (PolicyRule rule : policy.rules(direction)) {
                if (ruleMatches(rule, c)) allowing.add(rule.id());
            }
        }
        if (!allowing.isEmpty()) return new DirectionVerdict(direction, Outcome.ALLOWED_BY_RULE, name, selected, allowing);
        if (direction == PolicyType.INGRESS && fromLocalNode(c.source(), p.pod())) {
            return new DirectionVerdict(direction, Outcome.ALLOWED_FROM_LOCAL_NODE, name, selected, List.of());
        }
        return new DirectionVerdict(direction, Outcome.DENIED, name, selected, List.of());
    }

    private List<CompiledPolicy> selecting(Pod pod, PolicyType direction) {
        if (pod.spec().hostNetwork()) return List.of();
        List<CompiledPolicy> inNamespace = byNamespace.getOrDefault(pod.metadata().namespace(), List.of());
        List<CompiledPolicy> out = new ArrayList<>(inNamespace.size());
        for (CompiledPolicy c : inNamespace) {
            if (c.selects(pod, direction)) out.add(c);
        }
        return out;
    }

    /**
     * The API: ingress is allowed "if the traffic source is the pod's local node". The node is recognised by the
     * destination's {@code status.hostIP}, or as a hostNetwork pod scheduled on the same node.
     */
    private static boolean fromLocalNode(ConnectionEnd source, Pod destination) {
        if (source instanceof ConnectionEnd.OfPod sp) {
            if (!sp.hostNetwork()) return false;
            String node = destination.spec().nodeName();
            if (!node.isEmpty() && node.equals(sp.pod().spec().nodeName())) return true;
        }
        String hostIP = destination.status().hostIP();
        return !hostIP.isEmpty() && source.hasAddress() && Ip4.isValid(hostIP) && Ip4.parse(hostIP) == source.address();
    }
}
