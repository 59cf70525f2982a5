package io.kdp.k8s.policy;

import io.kdp.k8s.model.IntOrString;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.k8s.model.NetworkPolicyPeer;
import io.kdp.k8s.model.NetworkPolicyPort;
import io.kdp.k8s.model.PolicyType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One ingress or egress rule of a policy, compiled: its {@link RuleId}, its peers ({@code from} or {@code to};
 * empty matches every peer) with their ipBlocks parsed, and its ports (empty matches every port).
 */
public final class PolicyRule {
    private final RuleId id;
    private final List<NetworkPolicyPeer> peers;
    private final List<IpBlockMatcher> blocks;
    private final List<NetworkPolicyPort> ports;

    private PolicyRule(RuleId id, List<NetworkPolicyPeer> peers, List<IpBlockMatcher> blocks, List<NetworkPolicyPort> ports) {
        this.id = id;
        this.peers = peers;
        this.blocks = blocks;
        this.ports = ports;
    }

    /** Compiles rule {@code index} of {@code direction}, checking what ValidateNetworkPolicySpec checks of it. */
    static PolicyRule compile(NetworkPolicy policy, PolicyType direction, int index,
                              List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
        RuleId id = new RuleId(policy.metadata().namespace(), policy.metadata().name(), direction, index);
        String rule = "NetworkPolicy " + policy.key() + ": spec." + (direction == PolicyType.INGRESS ? "ingress" : "egress") + "[" + index + "]";
        String peerField = direction == PolicyType.INGRESS ? "from" : "to";
        List<IpBlockMatcher> blocks = new ArrayList<>(peers.size());
        for (int i = 0; i < peers.size(); i++) {
            NetworkPolicyPeer p = peers.get(i);
            String field = rule + "." + peerField + "[" + i + "]";
            if (p == null) throw new PolicyException(field + ": required value: must specify a peer");
            boolean selectors = p.podSelector() != null || p.namespaceSelector() != null;
            if (!selectors && p.ipBlock() == null) throw new PolicyException(field + ": required value: must specify a peer");
            if (selectors && p.ipBlock() != null) {
                throw new PolicyException(field + ".ipBlock: forbidden: may not specify more than 1 peer type (ipBlock with a selector)");
            }
            blocks.add(p.ipBlock() == null ? null : IpBlockMatcher.compile(p.ipBlock(), field + ".ipBlock"));
        }
        for (int i = 0; i < ports.size(); i++) {
            NetworkPolicyPort p = ports.get(i);
            String field = rule + ".ports[" + i + "]";
            if (p == null) throw new PolicyException(field + ": required value");
            IntOrString port = p.port();
            if (port != null && port.isInt() && (port.intVal() < 1 || port.intVal() > 65535)) {
                throw new PolicyException(field + ".port: invalid value " + port.intVal() + ": must be between 1 and 65535, inclusive");
            }
            if (p.endPort() != null) {
                if (port == null || port.isString()) throw new PolicyException(field + ".endPort: forbidden: may not be specified when port is not a number");
                if (p.endPort() < port.intVal() || p.endPort() > 65535) {
                    throw new PolicyException(field + ".endPort: invalid value " + p.endPort() + ": must be between port and 65535, inclusive");
                }
            }
        }
        return new PolicyRule(id, List.copyOf(peers), Collections.unmodifiableList(blocks), List.copyOf(ports));
    }

    public RuleId id() {
        return id;
    }

    /** {@code from} (ingress) or {@code to} (egress); empty means every peer. */
    public List<NetworkPolicyPeer> peers() {
        return peers;
    }

    /** The compiled ipBlock of peer {@code i}, or null when that peer uses selectors. */
    public IpBlockMatcher ipBlock(int i) {
        return blocks.get(i);
    }

    /** Empty means every port of every protocol. */
    public List<NetworkPolicyPort> ports() {
        return ports;
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
