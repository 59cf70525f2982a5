package io.kdp.cluster.render;

import io.kdp.cluster.Cluster;
import io.kdp.linux.IpAddrShow;
import io.kdp.linux.NetNamespace;
import java.util.List;

/**
 * Prints one emulated host in the real tools' formats, so it can be diffed against a real node:
 * {@code iptables} ({@code iptables-save}), {@code routes} ({@code ip route show table all}),
 * {@code addr} ({@code ip addr}), {@code neigh} ({@code ip neigh}), {@code conntrack}
 * ({@code conntrack -L}), {@code rules} ({@code ip rule}).
 */
public final class HostRender {
    /** What can be rendered. */
    public static final List<String> VIEWS = List.of("iptables", "routes", "addr", "neigh", "conntrack", "rules");

    private HostRender() {}

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
            default -> throw new IllegalArgumentException("cannot render '" + view + "'; choose one of " + String.join(", ", VIEWS));
        };
    }
}
