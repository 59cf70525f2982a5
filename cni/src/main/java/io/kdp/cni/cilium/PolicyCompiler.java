package io.kdp.cni.cilium;

import io.kdp.k8s.model.ContainerPort;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.NetworkPolicyPeer;
import io.kdp.k8s.model.NetworkPolicyPort;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.PolicyType;
import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.policy.IpBlockMatcher;
import io.kdp.k8s.policy.PolicyEngine;
import io.kdp.k8s.policy.PolicyRule;
import io.kdp.packet.Cidr;
import io.kdp.packet.IpProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the NetworkPolicies that select an endpoint into its policy map, as the agent's policy
 * repository resolves selectors to identities (pkg/policy): a direction no policy selects gets the
 * allow-all entry (identity 0, any port: enforcement off); a selected direction gets one entry per
 * (peer identity, protocol, port) a rule allows, ingress also {@code reserved:host} (Cilium's
 * allow-localhost), and nothing else: default deny. Selector peers become the identities of the pods
 * they select, a rule without peers the wildcard identity 0, an ipBlock the world identity for
 * 0.0.0.0/0 or a CIDR identity (with IpBlockScope.CLUSTER_EXTERNAL: never a pod or a node); the
 * except blocks get CIDR identities of their own and no entry. Named ports resolve against the
 * endpoint's containers for ingress and against every pod's for egress; an endPort range becomes
 * power-of-two port blocks.
 */
final class PolicyCompiler {
    private final PolicyEngine engine;
    private final Identities identities;
    private final Map<String, Integer> podIdentity;
    private final List<Pod> pods;
    private final Map<Cidr, Integer> cidrIdentities = new LinkedHashMap<>();

    PolicyCompiler(PolicyEngine engine, Identities identities, Map<String, Integer> podIdentity, List<Pod> pods) {
        this.engine = engine;
        this.identities = identities;
        this.podIdentity = podIdentity;
        this.pods = pods;
        // Allocate the CIDR identities first, so that every node's ipcache gets the same ones.
        for (NetworkPolicy p : engine.policies()) {
            for (PolicyType d : PolicyType.values()) {
                for (PolicyRule r : engine.rules(p, d)) {
                    for (int i = 0; i < r.peers().size(); i++) {
                        if (r.peers().get(i).ipBlock() != null) cidrIdentity(r.ipBlock(i));
                    }
                }
            }
        }
    }

    /** The CIDRs policies name, with their identities, for the ipcache. */
    Map<Cidr, Integer> cidrIdentities() {
        return cidrIdentities;
    }

    PolicyMap compile(int endpointId, Pod pod) {
        PolicyMap map = new PolicyMap(endpointId);
        for (PolicyType d : List.of(PolicyType.INGRESS, PolicyType.EGRESS)) {
            boolean egress = d == PolicyType.EGRESS;
            List<NetworkPolicy> selecting = engine.policiesSelecting(pod, d);
            if (selecting.isEmpty()) {
                map.allow(PolicyKey.any(Identities.UNKNOWN, egress));
                continue;
            }
            if (!egress) map.allow(PolicyKey.any(Identities.HOST, false));
            for (NetworkPolicy p : selecting) {
                for (PolicyRule r : engine.rules(p, d)) {
                    Set<Integer> ids = peers(r, p.metadata().namespace());
                    List<PolicyKey> ports = ports(r, pod, egress);
                    for (int id : ids) {
                        for (PolicyKey k : ports) map.allow(new PolicyKey(id, egress, k.protocol(), k.port(), k.portPrefix()));
                    }
                }
            }
        }
        return map;
    }

    private Set<Integer> peers(PolicyRule r, String namespace) {
        Set<Integer> out = new LinkedHashSet<>();
        if (r.peers().isEmpty()) {
            out.add(Identities.UNKNOWN);
            return out;
        }
        for (int i = 0; i < r.peers().size(); i++) {
            NetworkPolicyPeer peer = r.peers().get(i);
            if (peer.ipBlock() != null) {
                out.add(cidrIdentity(r.ipBlock(i)));
                continue;
            }
            for (Pod p : engine.podsSelectedBy(peer, namespace)) {
                Integer id = podIdentity.get(p.key());
                if (id != null) out.add(id);
            }
        }
        return out;
    }

    private int cidrIdentity(IpBlockMatcher block) {
        for (Cidr except : block.except()) {
            Cidr e = except.toNetwork();
            cidrIdentities.computeIfAbsent(e, c -> c.prefixLength() == 0 ? Identities.WORLD : identities.allocateCidr(c.toString()));
        }
        Cidr c = block.cidr().toNetwork();
        return cidrIdentities.computeIfAbsent(c, x -> x.prefixLength() == 0 ? Identities.WORLD : identities.allocateCidr(x.toString()));
    }

    private List<PolicyKey> ports(PolicyRule r, Pod pod, boolean egress) {
        List<PolicyKey> out = new ArrayList<>();
        if (r.ports().isEmpty()) {
            out.add(PolicyKey.any(0, egress));
            return out;
        }
        for (NetworkPolicyPort np : r.ports()) {
            int proto = proto(np.protocol());
            if (np.port() == null) {
                out.add(new PolicyKey(0, egress, proto, 0, 0));
            } else if (np.port().isInt()) {
                int start = np.port().intVal();
                int end = np.endPort() == null ? start : np.endPort();
                blocks(start, end, proto, egress, out);
            } else {
                Set<Integer> numbers = new LinkedHashSet<>();
                for (Pod p : egress ? pods : List.of(pod)) {
                    for (ContainerPort cp : p.spec().allPorts()) {
                        if (cp.name().equals(np.port().strVal()) && cp.protocol() == np.protocol()) numbers.add(cp.containerPort());
                    }
                }
                for (int n : numbers) out.add(new PolicyKey(0, egress, proto, n, 16));
            }
        }
        return out;
    }

    /** Splits {@code start..end} into aligned power-of-two blocks (pkg/policy PortRangeToMaskedPorts). */
    static void blocks(int start, int end, int proto, boolean egress, List<PolicyKey> out) {
        int p = start;
        while (p <= end) {
            int size = 1, prefix = 16;
            while (prefix > 0 && (p & ((size << 1) - 1)) == 0 && p + (size << 1) - 1 <= end) {
                size <<= 1;
                prefix--;
            }
            out.add(new PolicyKey(0, egress, proto, p, prefix));
            p += size;
        }
    }

    private static int proto(Protocol p) {
        return switch (p) {
            case TCP -> IpProtocol.TCP;
            case UDP -> IpProtocol.UDP;
            case SCTP -> IpProtocol.SCTP;
        };
    }
}
