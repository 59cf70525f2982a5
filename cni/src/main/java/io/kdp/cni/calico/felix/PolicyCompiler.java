package io.kdp.cni.calico.felix;

import static io.kdp.cni.calico.felix.FelixRule.rule;

import io.kdp.k8s.model.ContainerPort;
import io.kdp.k8s.model.LabelSelector;
import io.kdp.k8s.model.LabelSelectorRequirement;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.NetworkPolicyPeer;
import io.kdp.k8s.model.NetworkPolicyPort;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PolicyType;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.policy.PolicyEngine;
import io.kdp.k8s.policy.PolicyRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Kubernetes NetworkPolicy as Felix programs it (libcalico-go's k8s conversion to a Calico policy
 * {@code knp.default.<name>}, then rules/policy.go):
 * <ul>
 *   <li>chains {@code cali-pi-<id>} (ingress) and {@code cali-po-<id>} (egress), the id being
 *       {@code <namespace>/knp.default.<name>} shortened to {@code _<sha256>} when the chain name would
 *       exceed 28 characters; the first rule carries {@code Policy <id> ingress|egress};</li>
 *   <li>one Calico rule per peer and protocol (a rule with no peers matches everyone, one with no
 *       ports every protocol); an allow sets the accept mark and returns
 *       ({@code -j MARK --set-xmark 0x10000/0x10000}, then {@code -m mark --mark 0x10000/0x10000 -j RETURN}),
 *       with trailing RETURNs stripped as Felix does;</li>
 *   <li>pod and namespace selectors become IP sets {@code cali40s:<hash>} (hash:net of the selected pods'
 *       addresses); ipBlock becomes {@code -s/-d CIDR}, and its {@code except} list a negated match block
 *       on the scratch mark bits;</li>
 *   <li>ports become {@code -m multiport --dports}; a named port is resolved to the numbers the
 *       cluster's pods give that name (Felix uses named-port IP sets instead).</li>
 * </ul>
 * The selector string hashed into an IP set name is this model's rendering of the peer in Calico's
 * selector syntax; Felix hashes its own normalised selector, so set names differ from a real node's.
 */
public final class PolicyCompiler {
    /** An IP set Felix would program for a selector, with its members in address order. */
    public record SelectorSet(String name, String selector, List<Integer> members) {}

    private final PolicyEngine engine;
    private final List<Pod> pods;
    private final Map<String, SelectorSet> sets = new LinkedHashMap<>();

    public PolicyCompiler(PolicyEngine engine, List<Pod> pods) {
        this.engine = engine;
        this.pods = List.copyOf(pods);
    }

    /** {@code <namespace>/knp.default.<name>}: the id Felix gives a Kubernetes NetworkPolicy. */
    public static String policyId(NetworkPolicy p) {
        return p.metadata().namespace() + "/knp.default." + p.metadata().name();
    }

    /** {@code cali-pi-...} or {@code cali-po-...}. */
    public static String chainName(NetworkPolicy p, PolicyType direction) {
        return RuleHash.lengthLimitedId(direction == PolicyType.INGRESS ? "cali-pi-" : "cali-po-", policyId(p), FelixChain.MAX_NAME);
    }

    /** Every selector set the compiled policies use so far, by name. */
    public Map<String, SelectorSet> sets() {
        return sets;
    }

    /** The policy's chain for one direction. */
    public FelixChain compile(NetworkPolicy policy, PolicyType direction) {
        List<FelixRule> rules = new ArrayList<>();
        boolean ingress = direction == PolicyType.INGRESS;
        for (PolicyRule r : engine.rules(policy, direction)) {
            List<NetworkPolicyPeer> peers = r.peers().isEmpty() ? java.util.Collections.singletonList(null) : r.peers();
            Map<Protocol, List<String>> byProtocol = ports(r.ports());
            for (int i = 0; i < peers.size(); i++) {
                NetworkPolicyPeer peer = peers.get(i);
                if (r.ports().isEmpty()) {
                    addAllow(rules, policy, peer, r, i, null, null, ingress);
                } else {
                    for (Map.Entry<Protocol, List<String>> e : byProtocol.entrySet()) {
                        addAllow(rules, policy, peer, r, i, e.getKey(), e.getValue(), ingress);
                    }
                }
            }
        }
        // ProtoRulesToIptablesRules: trailing RETURNs are no-ops; the chain comment goes on the first rule.
        if (!rules.isEmpty()) rules.remove(rules.size() - 1);
        String comment = "Policy " + policyId(policy) + (ingress ? " ingress" : " egress");
        if (rules.isEmpty()) {
            rules.add(rule().comment(comment).noAction());
        } else {
            rules.set(0, rules.get(0).withLeadingComment(comment));
        }
        return new FelixChain(chainName(policy, direction), rules);
    }

    private void addAllow(List<FelixRule> out, NetworkPolicy policy, NetworkPolicyPeer peer, PolicyRule r, int peerIndex, Protocol proto,
                          List<String> ports, boolean ingress) {
        FelixRule.Builder b = rule();
        List<String> except = List.of();
        if (proto != null) b.protocol(proto.apiName().toLowerCase());
        if (peer != null && peer.ipBlock() != null) {
            except = peer.ipBlock().except();
            if (except.isEmpty()) {
                if (ingress) b.sourceNet(peer.ipBlock().cidr()); else b.destNet(peer.ipBlock().cidr());
            }
        }
        if (peer != null && peer.ipBlock() == null) {
            SelectorSet set = selectorSet(peer, policy.metadata().namespace());
            if (ingress) b.sourceIpSet(set.name()); else b.destIpSet(set.name());
        }
        if (ports != null && !ports.isEmpty()) b.destPorts(String.join(",", ports));
        if (!except.isEmpty()) {
            // A positive CIDR and negated ones do not fit one iptables rule: a negated match block
            // (matchBlockBuilder.AppendNegatedCIDRMatchBlock) clears the "all blocks" bit for each except.
            out.add(rule().setMaskedMark(Marks.SCRATCH0, Marks.SCRATCH0 | Marks.SCRATCH1));
            for (String ex : except) {
                FelixRule.Builder n = rule();
                if (ingress) n.sourceNet(ex); else n.destNet(ex);
                out.add(n.clearMark(Marks.SCRATCH0));
            }
            FelixRule.Builder fin = rule();
            if (proto != null) fin.protocol(proto.apiName().toLowerCase());
            if (ingress) fin.sourceNet(peer.ipBlock().cidr()); else fin.destNet(peer.ipBlock().cidr());
            if (ports != null && !ports.isEmpty()) fin.destPorts(String.join(",", ports));
            b = fin.markSingleBitSet(Marks.SCRATCH0);
        }
        out.add(b.setMark(Marks.ACCEPT));
        out.add(rule().markSingleBitSet(Marks.ACCEPT).doReturn());
    }

    /**
     * Ports grouped by protocol (TCP, UDP, SCTP order): numbers and ranges {@code a:b}, named ports
     * resolved; an empty list means every port of the protocol. A protocol whose ports all name
     * ports no pod has is left out: its rule would match nothing.
     */
    private Map<Protocol, List<String>> ports(List<NetworkPolicyPort> ports) {
        Map<Protocol, List<String>> out = new TreeMap<>();
        Map<Protocol, Boolean> anyPort = new TreeMap<>();
        for (NetworkPolicyPort p : ports) {
            List<String> list = out.computeIfAbsent(p.protocol(), k -> new ArrayList<>());
            if (p.port() == null) {
                anyPort.put(p.protocol(), true);
            } else if (p.port().isInt()) {
                list.add(p.endPort() != null && p.endPort() != p.port().intVal() ? p.port().intVal() + ":" + p.endPort() : Integer.toString(p.port().intVal()));
            } else {
                TreeSet<Integer> numbers = new TreeSet<>();
                for (Pod pod : pods) {
                    for (ContainerPort cp : pod.spec().allPorts()) {
                        if (p.port().strVal().equals(cp.name()) && cp.protocol() == p.protocol()) numbers.add(cp.containerPort());
                    }
                }
                for (int n : numbers) if (!list.contains(Integer.toString(n))) list.add(Integer.toString(n));
            }
        }
        Map<Protocol, List<String>> result = new TreeMap<>();
        out.forEach((proto, list) -> {
            if (anyPort.getOrDefault(proto, false)) result.put(proto, List.of());
            else if (!list.isEmpty()) result.put(proto, list);
        });
        return result;
    }

    private SelectorSet selectorSet(NetworkPolicyPeer peer, String policyNamespace) {
        String selector = selector(peer, policyNamespace);
        String name = "cali40s:" + hash("s:" + selector).substring(0, 23);
        SelectorSet set = sets.get(name);
        if (set == null) {
            List<Integer> members = new ArrayList<>();
            for (Pod p : engine.podsSelectedBy(peer, policyNamespace)) {
                if (!p.status().podIP().isEmpty()) members.add(io.kdp.packet.Ip4.parse(p.status().podIP()));
            }
            members.sort(Integer::compareUnsigned);
            set = new SelectorSet(name, selector, members);
            sets.put(name, set);
        }
        return set;
    }

    /** The peer in Calico's selector syntax, e.g. {@code projectcalico.org/orchestrator == 'k8s' && app == 'client' && projectcalico.org/namespace == 'default'}. */
    static String selector(NetworkPolicyPeer peer, String policyNamespace) {
        StringBuilder sb = new StringBuilder("projectcalico.org/orchestrator == 'k8s'");
        if (peer.podSelector() != null) appendLabels(sb, peer.podSelector(), "");
        if (peer.namespaceSelector() != null) {
            appendLabels(sb, peer.namespaceSelector(), "pcns.");
        } else {
            sb.append(" && projectcalico.org/namespace == '").append(policyNamespace).append('\'');
        }
        return sb.toString();
    }

    private static void appendLabels(StringBuilder sb, LabelSelector s, String prefix) {
        if (s.isEmpty() && !prefix.isEmpty()) {
            sb.append(" && all()");
            return;
        }
        new TreeMap<>(s.matchLabels()).forEach((k, v) -> sb.append(" && ").append(prefix).append(k).append(" == '").append(v).append('\''));
        for (LabelSelectorRequirement r : s.matchExpressions()) {
            String key = prefix + r.key();
            switch (r.operator()) {
                case IN -> sb.append(" && ").append(key).append(" in { '").append(String.join("', '", r.values())).append("' }");
                case NOT_IN -> sb.append(" && ").append(key).append(" not in { '").append(String.join("', '", r.values())).append("' }");
                case EXISTS -> sb.append(" && has(").append(key).append(')');
                case DOES_NOT_EXIST -> sb.append(" && !has(").append(key).append(')');
            }
        }
    }

    private static String hash(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-224").digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
