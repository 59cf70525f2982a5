package io.kdp.cni.cilium;

import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's Cilium maps in the layout of the cilium CLI's tables ({@code cilium-dbg bpf ... list},
 * tab-aligned, rows sorted by key text as its TablePrinter sorts them):
 * {@code bpf ipcache list}, {@code bpf tunnel list}, {@code bpf endpoint list} and, per endpoint,
 * {@code bpf policy get <id>} (labels of a peer identity one per line).
 */
public final class CiliumShow {
    private CiliumShow() {}

    /** {@code cilium bpf ipcache list}. */
    public static String ipcache(CiliumNode node) {
        TabTable t = new TabTable();
        t.row("IP PREFIX/ADDRESS", "IDENTITY");
        Map<String, String> rows = new TreeMap<>();
        node.ipcache().map().forEach((k, v) -> rows.put(k.toString(), v.toString()));
        rows.forEach(t::row);
        return t.render();
    }

    /** {@code cilium bpf tunnel list}. */
    public static String tunnel(CiliumNode node) {
        TabTable t = new TabTable();
        t.row("TUNNEL", "VALUE");
        Map<String, String> rows = new TreeMap<>();
        node.tunnelMap().map().forEach((k, v) -> rows.put(k.toString(), v.toString()));
        rows.forEach(t::row);
        return t.render();
    }

    /** {@code cilium bpf endpoint list}: the local endpoints of cilium_lxc, keyed {@code address:0}. */
    public static String endpoints(CiliumNode node) {
        TabTable t = new TabTable();
        t.row("IP ADDRESS", "LOCAL ENDPOINT INFO");
        Map<String, String> rows = new TreeMap<>();
        node.lxc().forEach((ip, e) -> rows.put(Ip4.format(ip) + ":0", e.toString()));
        rows.forEach(t::row);
        return t.render();
    }

    /** {@code cilium bpf policy get <id>} of one endpoint. */
    public static String policy(PolicyMap map, Identities identities) {
        TabTable t = new TabTable();
        t.row("POLICY", "DIRECTION", "LABELS (source:key[=value])", "PORT/PROTO", "PROXY PORT", "BYTES", "PACKETS");
        List<Map.Entry<PolicyKey, PolicyEntry>> entries = new ArrayList<>(map.map().entries().entrySet());
        entries.sort((a, b) -> {
            PolicyKey x = a.getKey(), y = b.getKey();
            if (x.egress() != y.egress()) return x.egress() ? 1 : -1;
            if (x.identity() != y.identity()) return Integer.compareUnsigned(x.identity(), y.identity());
            if (x.protocol() != y.protocol()) return Integer.compare(x.protocol(), y.protocol());
            return Integer.compare(x.port(), y.port());
        });
        for (Map.Entry<PolicyKey, PolicyEntry> e : entries) {
            PolicyKey k = e.getKey();
            PolicyEntry v = e.getValue();
            List<String> labels = identities.labels(k.identity());
            t.row(v.deny() ? "Deny" : "Allow", k.egress() ? "Egress" : "Ingress", labels.get(0), k.portProto(),
                    v.proxyPort() == 0 ? "NONE" : Integer.toString(v.proxyPort()), Long.toString(v.bytes()), Long.toString(v.packets()));
            for (int i = 1; i < labels.size(); i++) t.row("", "", labels.get(i), "", "", "", "");
        }
        return t.render();
    }

    /** Every section for one node, each under a {@code # command} header line. */
    public static String render(CiliumNode node, Identities identities) {
        StringBuilder sb = new StringBuilder();
        sb.append("# cilium bpf ipcache list\n").append(ipcache(node));
        sb.append("\n# cilium bpf tunnel list\n").append(tunnel(node));
        sb.append("\n# cilium bpf endpoint list\n").append(endpoints(node));
        for (Map.Entry<String, CiliumNode.Endpoint> e : node.endpoints().entrySet()) {
            PolicyMap m = node.policies().get(e.getValue().id());
            if (m == null) continue;
            sb.append("\n# cilium bpf policy get ").append(e.getValue().id()).append("   (").append(PolicyMap.name(m.endpointId())).append(", ")
                    .append(e.getKey()).append(", identity ").append(identityOf(node, e.getValue())).append(")\n");
            sb.append(policy(m, identities));
        }
        return sb.toString();
    }

    private static int identityOf(CiliumNode node, CiliumNode.Endpoint e) {
        EndpointInfo info = node.lxc().lookup(e.address());
        return info == null ? 0 : info.identity();
    }
}
