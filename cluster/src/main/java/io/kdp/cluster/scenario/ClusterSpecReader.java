package io.kdp.cluster.scenario;

import io.kdp.k8s.yaml.FieldReader;
import io.kdp.k8s.yaml.ManifestException;
import io.kdp.k8s.yaml.YamlEntry;
import io.kdp.k8s.yaml.Manifests;
import io.kdp.k8s.yaml.YamlMap;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads and validates the {@code kdp:} section of a scenario file, with the manifests' strict, line-aware reader. */
final class ClusterSpecReader {
    static final Set<String> CNIS = Set.of("routed", "flannel-vxlan", "flannel-host-gw", "flannel-udp", "calico", "cilium-vxlan", "cilium-native");
    static final Set<String> PROXY_MODES = Set.of("iptables", "nftables", "ipvs", "ebpf");
    private static final Set<String> TOP = Set.of("name", "description", "cni", "proxyMode", "clusterCIDR", "serviceCIDR", "nodes", "external", "trace", "sysctls", "calico");
    private static final Set<String> CALICO = Set.of("ipipMode", "vxlanMode", "natOutgoing", "blockSize", "strictAffinity", "bgp");
    private static final Set<String> CALICO_BGP = Set.of("routeReflectors", "clusterID", "exportHostRoutes");
    private static final Set<String> NODE = Set.of("name", "ip", "podCIDR");
    private static final Set<String> EXTERNAL = Set.of("name", "ip");
    private static final Set<String> TRACE = Set.of("from", "to", "proto");

    private ClusterSpecReader() {}

    /**
     * Reads the section; what it leaves out is inferred from the manifests (real cluster state) and
     * noted, else defaulted.
     *
     * @param kdp the section, or null when the scenario has none
     */
    static ClusterSpec read(String file, YamlMap kdp, Manifests m, List<String> notes) throws ManifestException {
        FieldReader r = FieldReader.of(file, "kdp", kdp == null ? new YamlMap(1, Map.of()) : kdp, "the kdp section", TOP);
        String name = or(r.string("name"), baseName(file));
        String cni = oneOf(r, "cni", r.has("cni") ? null : or(ClusterInference.cni(m, notes), "routed"), CNIS);
        boolean cilium = cni.startsWith("cilium-");
        String mode = oneOf(r, "proxyMode", cilium ? "ebpf" : "iptables", PROXY_MODES);
        // Cilium replaces kube-proxy: its clusters run the eBPF service load balancer.
        if (cilium && !mode.equals("ebpf")) throw r.error("proxyMode", "cni " + cni + " replaces kube-proxy: proxyMode must be ebpf (Cilium's kube-proxy replacement), not " + mode);
        if (!r.has("proxyMode") && kdp == null) notes.add("proxyMode: assumed " + mode + " (kube-proxy's mode is in its ConfigMap, not in these objects)");
        Cidr inferredCluster = r.has("clusterCIDR") ? null : ClusterInference.clusterCidr(m, notes);
        Cidr inferredService = r.has("serviceCIDR") ? null : ClusterInference.serviceCidr(m, notes);
        Cidr clusterCidr = cidr(r, "clusterCIDR", inferredCluster != null ? inferredCluster.toString() : "10.244.0.0/16", true);
        Cidr serviceCidr = cidr(r, "serviceCIDR", inferredService != null ? inferredService.toString() : "10.96.0.0/12", true);
        if (clusterCidr.overlaps(serviceCidr)) throw r.error("serviceCIDR", serviceCidr + " overlaps clusterCIDR " + clusterCidr);
        List<ClusterSpec.NodeSpec> nodes = r.has("nodes") || m.nodes().isEmpty() ? nodes(r, clusterCidr, serviceCidr) : ClusterInference.nodes(m, notes);
        if (nodes.isEmpty()) throw r.error("nodes", "at least one node is required (none given, and no Node objects to take them from)");
        ClusterSpec.ExternalSpec external = null;
        FieldReader ext = r.object("external", "the external client", EXTERNAL);
        if (ext != null) {
            Cidr ip = cidr(ext, "ip", null, false);
            if (ip == null) throw ext.missing("ip");
            if (!ext.string("ip").contains("/")) ip = new Cidr(ip.address(), nodes.get(0).ip().prefixLength());
            for (ClusterSpec.NodeSpec n : nodes) {
                if (n.ip().address() == ip.address()) throw ext.error("ip", Ip4.format(ip.address()) + " is node " + n.name() + "'s address");
            }
            external = new ClusterSpec.ExternalSpec(or(ext.string("name"), "external"), ip);
        }
        ClusterSpec.Showcase showcase = null;
        FieldReader tr = r.object("trace", "the showcase trace", TRACE);
        if (tr != null) showcase = new ClusterSpec.Showcase(tr.requiredString("from"), tr.requiredString("to"), oneOf(tr, "proto", "tcp", Set.of("tcp", "udp", "icmp")));
        Map<String, String> sysctls = new LinkedHashMap<>(r.stringMap("sysctls", null, null));
        if (r.node("sysctls") instanceof YamlMap sm) {
            for (YamlEntry e : sm.entries().values()) {
                if (!io.kdp.linux.Sysctls.isKnown(e.key())) {
                    throw new ManifestException(file, e.line(), "kdp.sysctls." + e.key(),
                            "sysctl not modelled by kdp (known: net.ipv4.ip_forward, net.ipv4.conf.*.rp_filter|route_localnet|proxy_arp|forwarding, ...)");
                }
            }
        }
        io.kdp.cni.calico.CalicoConfig calico = calico(r, cni, clusterCidr, nodes);
        return new ClusterSpec(name, or(r.string("description"), ""), cni, mode, clusterCidr, serviceCidr, nodes, external, showcase, sysctls, calico);
    }

    /**
     * {@code kdp.calico}: the default IPPool's ipipMode / vxlanMode / natOutgoing / blockSize,
     * IPAMConfiguration strictAffinity, and {@code bgp: {routeReflectors: [node...], clusterID,
     * exportHostRoutes}}; null when absent (Calico's defaults apply).
     */
    private static io.kdp.cni.calico.CalicoConfig calico(FieldReader r, String cni, Cidr clusterCidr, List<ClusterSpec.NodeSpec> nodes)
            throws ManifestException {
        FieldReader c = r.object("calico", "the Calico settings", CALICO);
        if (c == null) return null;
        if (!cni.equals("calico")) throw r.error("calico", "Calico settings given but cni is " + cni);
        var ipip = encap(c, "ipipMode", io.kdp.cni.calico.ipam.EncapMode.ALWAYS);
        var vxlan = encap(c, "vxlanMode", io.kdp.cni.calico.ipam.EncapMode.NEVER);
        if (c.has("vxlanMode") && !c.has("ipipMode")) ipip = io.kdp.cni.calico.ipam.EncapMode.NEVER;
        if (ipip != io.kdp.cni.calico.ipam.EncapMode.NEVER && vxlan != io.kdp.cni.calico.ipam.EncapMode.NEVER) {
            throw c.error("vxlanMode", "ipipMode " + ipip + " and vxlanMode " + vxlan + " cannot both be enabled (set one to Never)");
        }
        Integer blockSize = c.integer("blockSize", 20, 32);
        int bs = blockSize == null ? io.kdp.cni.calico.ipam.IpPool.DEFAULT_BLOCK_SIZE : blockSize;
        if (bs < clusterCidr.prefixLength()) throw c.error("blockSize", "/" + bs + " blocks do not fit in the pool " + clusterCidr);
        Boolean nat = c.bool("natOutgoing");
        Boolean strict = c.bool("strictAffinity");
        List<String> rrs = List.of();
        String clusterId = null;
        boolean exportHostRoutes = true;
        FieldReader bgp = c.object("bgp", "the BGP settings", CALICO_BGP);
        if (bgp != null) {
            Set<String> names = new HashSet<>();
            nodes.forEach(n -> names.add(n.name()));
            rrs = bgp.strings("routeReflectors", v -> names.contains(v) ? null : "\"" + v + "\" is not one of kdp.nodes");
            clusterId = bgp.string("clusterID");
            if (clusterId != null && !Ip4.isValid(clusterId)) throw bgp.error("clusterID", "\"" + clusterId + "\" is not an IPv4 address (routeReflectorClusterID)");
            Boolean e = bgp.bool("exportHostRoutes");
            if (e != null) exportHostRoutes = e;
            if (vxlan != io.kdp.cni.calico.ipam.EncapMode.NEVER) throw c.error("bgp", "BGP settings need BIRD, which does not run with vxlanMode (calico_backend: vxlan)");
        }
        return new io.kdp.cni.calico.CalicoConfig(clusterCidr, bs, ipip, vxlan, nat == null || nat, strict != null && strict, rrs,
                clusterId, exportHostRoutes);
    }

    private static io.kdp.cni.calico.ipam.EncapMode encap(FieldReader c, String field, io.kdp.cni.calico.ipam.EncapMode fallback) throws ManifestException {
        String v = c.string(field);
        if (v == null) return fallback;
        try {
            return io.kdp.cni.calico.ipam.EncapMode.parse(v);
        } catch (IllegalArgumentException e) {
            throw c.error(field, e.getMessage());
        }
    }

    private static List<ClusterSpec.NodeSpec> nodes(FieldReader r, Cidr clusterCidr, Cidr serviceCidr) throws ManifestException {
        List<FieldReader> items = r.objects("nodes", "a node", NODE);
        if (items.isEmpty()) {
            throw r.error("nodes", r.has("nodes") ? "at least one node is required" : "at least one node is required (none given, and no Node objects to take them from)");
        }
        List<ClusterSpec.NodeSpec> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (FieldReader n : items) {
            String name = n.requiredString("name");
            if (!name.matches("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?")) throw n.error("name", "'" + name + "' is not a valid node name (RFC 1123 subdomain)");
            if (!names.add(name)) throw n.error("name", "duplicate node name " + name);
            Cidr ip = cidr(n, "ip", null, false);
            if (ip == null) throw n.missing("ip");
            if (!n.string("ip").contains("/")) ip = new Cidr(ip.address(), 24);
            Cidr podCidr = cidr(n, "podCIDR", defaultPodCidr(clusterCidr, i), true);
            if (!clusterCidr.contains(podCidr)) throw n.error("podCIDR", podCidr + " is not inside clusterCIDR " + clusterCidr);
            if (clusterCidr.contains(ip.address()) || serviceCidr.contains(ip.address())) {
                throw n.error("ip", "node address " + Ip4.format(ip.address()) + " lies inside the pod or service network");
            }
            for (ClusterSpec.NodeSpec other : nodes) {
                if (other.podCIDR().overlaps(podCidr)) throw n.error("podCIDR", podCidr + " overlaps node " + other.name() + "'s podCIDR " + other.podCIDR());
                if (other.ip().address() == ip.address()) throw n.error("ip", Ip4.format(ip.address()) + " is already node " + other.name() + "'s address");
            }
            nodes.add(new ClusterSpec.NodeSpec(name, ip, podCidr, n.line()));
            i++;
        }
        return nodes;
    }

    private static Cidr cidr(FieldReader r, String field, String fallback, boolean network) throws ManifestException {
        String v = or(r.string(field), fallback);
        if (v == null) return null;
        try {
            return network ? Cidr.parseNetwork(v) : Cidr.parse(v);
        } catch (IllegalArgumentException e) {
            throw r.error(field, e.getMessage());
        }
    }

    private static String oneOf(FieldReader r, String field, String fallback, Set<String> values) throws ManifestException {
        String v = or(r.string(field), fallback);
        if (!values.contains(v)) throw r.error(field, "unsupported value \"" + v + "\": supported values: " + String.join(", ", new TreeSet<>(values)));
        return v;
    }

    private static String or(String v, String fallback) {
        return v == null ? fallback : v;
    }

    /** The i-th /24 of the cluster CIDR, as kube-controller-manager's range allocator hands them out. */
    private static String defaultPodCidr(Cidr cluster, int i) {
        int len = Math.max(24, cluster.prefixLength());
        return new Cidr(cluster.network() + (int) (i * (1L << (32 - len))), len).toString();
    }

    private static String baseName(String file) {
        String f = file.replace('\\', '/');
        f = f.substring(f.lastIndexOf('/') + 1);
        return f.replaceAll("\\.ya?ml$", "");
    }
}
