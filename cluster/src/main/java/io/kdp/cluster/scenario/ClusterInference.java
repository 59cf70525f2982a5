package io.kdp.cluster.scenario;

import io.kdp.k8s.model.Node;
import io.kdp.k8s.model.Pod;
import io.kdp.k8s.model.Service;
import io.kdp.k8s.yaml.Manifests;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What kdp infers about a cluster when a scenario is real cluster state ({@code kubectl get
 * nodes,pods,services,endpointslices -A -o yaml}) without a {@code kdp:} section, or with one that
 * leaves something out. Every inference is reported as a note.
 */
final class ClusterInference {
    private ClusterInference() {}

    /** The CNI a node's annotations reveal, or null. */
    static String cni(Manifests m, List<String> notes) {
        for (Node n : m.nodes()) {
            Map<String, String> a = n.metadata().annotations();
            String found = null;
            if (a.containsKey("flannel.alpha.coreos.com/backend-type")) found = "flannel " + a.get("flannel.alpha.coreos.com/backend-type");
            else if (a.containsKey("projectcalico.org/IPv4IPIPTunnelAddr")) found = "calico ipip";
            else if (a.containsKey("projectcalico.org/IPv4VXLANTunnelAddr")) found = "calico vxlan";
            else if (a.containsKey("projectcalico.org/IPv4Address")) found = "calico bgp";
            else if (a.keySet().stream().anyMatch(k -> k.startsWith("network.cilium.io/") || k.startsWith("io.cilium."))) found = "cilium";
            if (found != null) {
                String use = modelled(found);
                notes.add("CNI: node " + n.metadata().name() + "'s annotations say " + found + "; modelled as " + use
                        + (use.equals("routed") ? " (kdp does not model " + found + " yet)" : ""));
                return use;
            }
        }
        return null;
    }

    /** The kdp CNI name for what the annotations revealed ({@code flannel vxlan} is {@code flannel-vxlan}, any Calico is {@code calico}). */
    private static String modelled(String found) {
        for (String candidate : new String[] {found.replace(' ', '-'), found.split(" ")[0], found.split(" ")[0] + "-vxlan"}) {
            if (ClusterSpecReader.CNIS.contains(candidate)) return candidate;
        }
        return "routed";
    }

    /** The smallest prefix that covers every node's podCIDR, or null when no node has one. */
    static Cidr clusterCidr(Manifests m, List<String> notes) {
        List<Integer> addrs = new ArrayList<>();
        int minLen = 32;
        for (Node n : m.nodes()) {
            if (n.spec().podCIDR().isEmpty()) continue;
            Cidr c = Cidr.parseNetwork(n.spec().podCIDR());
            addrs.add(c.network());
            minLen = Math.min(minLen, c.prefixLength());
        }
        if (addrs.isEmpty()) return null;
        Cidr c = cover(addrs, Math.min(minLen, 16));
        notes.add("clusterCIDR: assumed " + c + ", the smallest /16 or wider prefix covering every node's podCIDR (kube-proxy's --cluster-cidr is not in the API)");
        return c;
    }

    /** 10.96.0.0/12 if every ClusterIP lies in it, else the smallest prefix covering them. */
    static Cidr serviceCidr(Manifests m, List<String> notes) {
        List<Integer> ips = new ArrayList<>();
        for (Service s : m.services()) {
            String ip = s.spec().clusterIP();
            if (!ip.isEmpty() && !ip.equals("None") && Ip4.isValid(ip)) ips.add(Ip4.parse(ip));
        }
        if (ips.isEmpty()) return null;
        Cidr dflt = Cidr.parse("10.96.0.0/12");
        Cidr c = ips.stream().allMatch(dflt::contains) ? dflt : cover(ips, 12);
        notes.add("serviceCIDR: assumed " + c + " (covers every ClusterIP; the service range is a kube-apiserver flag, not in the API)");
        return c;
    }

    /** Nodes from Node objects: InternalIP (assumed /24) and podCIDR (else the /24 around its pods). */
    static List<ClusterSpec.NodeSpec> nodes(Manifests m, List<String> notes) {
        List<ClusterSpec.NodeSpec> out = new ArrayList<>();
        for (Node n : m.nodes()) {
            String ip = n.internalIP().orElse(null);
            if (ip == null) {
                notes.add("node " + n.metadata().name() + " has no InternalIP; left out");
                continue;
            }
            Cidr pod;
            if (!n.spec().podCIDR().isEmpty()) {
                pod = Cidr.parseNetwork(n.spec().podCIDR());
            } else {
                Pod any = m.pods().stream().filter(p -> p.spec().nodeName().equals(n.metadata().name()) && !p.spec().hostNetwork() && !p.status().podIP().isEmpty())
                        .findFirst().orElse(null);
                if (any == null) {
                    notes.add("node " + n.metadata().name() + " has no podCIDR and no pods with addresses; left out");
                    continue;
                }
                pod = new Cidr(Ip4.parse(any.status().podIP()), 24).toNetwork();
                notes.add("node " + n.metadata().name() + " has no spec.podCIDR (the CNI does its own IPAM); assumed " + pod + " from its pods");
            }
            out.add(new ClusterSpec.NodeSpec(n.metadata().name(), new Cidr(Ip4.parse(ip), 24), pod, 0));
        }
        if (!out.isEmpty()) notes.add("nodes: taken from the Node objects; each node's InternalIP assumed to be on a /24 shared with the others");
        return out;
    }

    /** The longest prefix (no longer than {@code maxLen}) that contains every address. */
    static Cidr cover(List<Integer> addrs, int maxLen) {
        int len = maxLen;
        while (len > 0) {
            int mask = Ip4.mask(len);
            int net = addrs.get(0) & mask;
            if (addrs.stream().allMatch(a -> (a & mask) == net)) return new Cidr(net, len);
            len--;
        }
        return new Cidr(0, 0);
    }
}
