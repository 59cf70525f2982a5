package io.kdp.cluster.conformance;

import io.kdp.packet.Ip4;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule set of the corpus and the flows run through it: an {@code iptables-save} text that both
 * kdp and the real {@code iptables-restore} load, the node's addresses and the sysctls set on it.
 *
 * @param name short name (namespace and report labels)
 * @param generated true for rule sets kdp's own iptables proxier wrote, false for hand-written ones
 */
record RuleSet(String name, boolean generated, String rules, List<String> nodeIps, Map<String, String> sysctls, List<Flow> flows) {
    private static final Pattern DNAT_TO = Pattern.compile("--to-destination (\\d+\\.\\d+\\.\\d+\\.\\d+)");

    RuleSet {
        nodeIps = List.copyOf(nodeIps);
        sysctls = Map.copyOf(sysctls);
        flows = List.copyOf(flows);
        if (nodeIps.isEmpty()) throw new IllegalArgumentException(name + ": no node address");
    }

    /** Where a flow's connections start: on the node itself (OUTPUT path), in the backend namespace (hairpin), or in the client namespace. */
    enum Origin { NODE, BACKEND, CLIENT }

    /** The endpoint addresses: every DNAT destination in the rules that is not the node's own. */
    Set<String> endpoints() {
        Set<String> out = new TreeSet<>();
        Matcher m = DNAT_TO.matcher(rules);
        while (m.find()) {
            String ip = m.group(1);
            if (!isLocal(ip)) out.add(ip);
        }
        return out;
    }

    /** Whether the address is the node's own (a node address or 127.0.0.0/8). */
    boolean isLocal(String ip) {
        return nodeIps.contains(ip) || (Ip4.parse(ip) >>> 24) == 127;
    }

    Origin origin(Flow f) {
        if (isLocal(f.src())) return Origin.NODE;
        return endpoints().contains(f.src()) ? Origin.BACKEND : Origin.CLIENT;
    }

    /** The client namespace's source addresses. */
    Set<String> clientSources() {
        Set<String> out = new TreeSet<>();
        for (Flow f : flows) if (origin(f) == Origin.CLIENT) out.add(f.src());
        return out;
    }
}
