package io.kdp.cluster.render;

import io.kdp.cluster.Cluster;
import io.kdp.linux.IpAddrShow;
import io.kdp.linux.NetNamespace;
import java.util.List;

/**
 * Prints one emulated host in the real tools' formats, so it can be diffed against a real node:
 * {@code iptables} ({@code iptables-save}), {@code routes} ({@code ip route show table all}),
 * {@code addr} ({@code ip addr}), {@code neigh} ({@code ip neigh}), {@code conntrack}
 * ({@code conntrack -L}), {@code rules} ({@code ip rule}), {@code nft} ({@code nft list ruleset}),
 * {@code ipvsadm} ({@code ipvsadm -Ln}), {@code ipset} ({@code ipset save}), {@code link}
 * ({@code ip -d link show}), {@code fdb} ({@code bridge fdb show}), {@code bpf} ({@code cilium bpf lb list} of a
 * node in proxy mode ebpf), {@code bgp} ({@code birdc show protocols} and {@code birdc show route} of a Calico node running BIRD), {@code cilium}
 * ({@code cilium bpf ipcache list}, {@code tunnel list}, {@code endpoint list} and {@code policy get} of a Cilium node).
 */
public final class HostRender {
    /** What can be rendered. */
    public static final List<String> VIEWS = List.of("iptables", "routes", "addr", "neigh", "conntrack", "rules", "nft", "ipvsadm", "ipset", "bpf", "link", "fdb", "bgp", "cilium");

    private HostRender() {}

    /** {@code cilium bpf lb list} of a node running the eBPF load balancer (proxy mode ebpf). */
    private static String bpf(Cluster cluster, String host) {
        if (cluster.proxiers().get(host) instanceof io.kdp.kubeproxy.ebpf.EbpfProxier ebpf) return ebpf.lbList();
        throw new IllegalArgumentException("no eBPF service maps on " + host + ": the bpf view needs a node with proxyMode ebpf (this cluster runs "
                + cluster.scenario().spec().proxyMode() + ")");
    }

    /** {@code birdc show protocols} then {@code birdc show route} of a Calico node's BIRD. */
    private static String bgp(Cluster cluster, String host) {
        if (cluster.cni() instanceof io.kdp.cni.calico.CalicoPlugin calico && calico.bgp() != null && cluster.nodes().containsKey(host)) {
            io.kdp.cni.bgp.BgpSpeaker s = calico.bgp().speaker(host);
            return io.kdp.cni.bgp.BirdShow.showProtocols(s) + io.kdp.cni.bgp.BirdShow.showRoute(s);
        }
        throw new IllegalArgumentException("no BGP speaker on " + host + ": the bgp view needs a node of a Calico cluster running BIRD (cni calico without vxlanMode)");
    }

    /** The Cilium agent's maps of a node: ipcache, tunnel map, endpoints and each endpoint's policy map, as the cilium CLI lists them. */
    private static String cilium(Cluster cluster, String host) {
        if (cluster.cni() instanceof io.kdp.cni.cilium.CiliumPlugin c && c.node(host) != null) {
            return io.kdp.cni.cilium.CiliumShow.render(c.node(host), c.identities());
        }
        throw new IllegalArgumentException("no Cilium agent on " + host + ": the cilium view needs a node of a Cilium cluster (cni cilium-vxlan or cilium-native)");
    }

    public static String render(Cluster cluster, String host, String view) {
        NetNamespace ns = cluster.host(host);
        if (ns == null) throw new IllegalArgumentException("no host " + host + " (nodes: " + String.join(", ", cluster.nodes().keySet()) + ")");
        return switch (view) {
            case "iptables" -> ns.iptables().save();
            case "routes" -> ns.fib().showAll();
            case "addr" -> IpAddrShow.render(ns);
            case "neigh" -> ns.neighbours().show();
            case "conntrack" -> ns.conntrack().list();
            case "rules" -> ns.fib().showRules();
            case "nft" -> ns.nftables().listRuleset();
            case "ipvsadm" -> ns.ipvs().list();
            case "ipset" -> ns.ipsets().save();
            case "bpf" -> bpf(cluster, host);
            case "link" -> io.kdp.linux.IpLinkShow.render(ns);
            case "fdb" -> io.kdp.linux.BridgeFdbShow.render(ns);
            case "bgp" -> bgp(cluster, host);
            case "cilium" -> cilium(cluster, host);
            default -> throw new IllegalArgumentException("cannot render '" + view + "'; choose one of " + String.join(", ", VIEWS));
        };
    }
}
