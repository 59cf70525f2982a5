package io.kdp.cluster.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real kernel's side of one rule set: three network namespaces joined by veths, with the rule
 * set loaded into the node by the real {@code iptables-restore}.
 *
 * <pre>
 *   client (kdp-X-c)                 node (kdp-X-n)                    backend (kdp-X-b)
 *   eth0: 169.254.0.1/32 ---- eth0: node IPs /32          eth1 ---- eth0: endpoint IPs /32
 *         + flow sources /32        default via 169.254.0.1 dev eth0      default via node IP
 *   default via node IP             endpoint /32 routes dev eth1
 * </pre>
 *
 * <p>As on kdp's offline node, the node's only addresses are its node IPs (eth1 has none: MASQUERADE
 * and ARP take the node IP, inet_select_addr's fallback to any device), everything that is not an
 * endpoint is routed out of eth0, and ip_forward is on. Flow sources live in the client namespace,
 * except endpoint addresses (hairpin: the backend namespace connects) and node addresses (the node
 * itself connects: the OUTPUT path). ICMP rate limits are lifted so that every REJECT is answered.
 */
final class KernelTestbed implements AutoCloseable {
    static final String GATEWAY = "169.254.0.1";

    private final RuleSet rs;
    private final KernelTools tools;
    /** The namespaces' names ({@code kdp-<random>-n}, {@code -c}, {@code -b}). */
    final String node, client, backend;
    private final List<String> names;

    KernelTestbed(RuleSet rs, KernelTools tools) {
        this.rs = rs;
        this.tools = tools;
        String prefix = Namespaces.newPrefix();
        node = prefix + "-n";
        client = prefix + "-c";
        backend = prefix + "-b";
        names = List.of(node, client, backend);
    }

    /** Creates the namespaces and links, and loads the rules; on failure everything created is deleted. */
    KernelTestbed start() {
        try {
            for (String n : names) Namespaces.create(n);
            Command.check(List.of("sh", "-ec", setupScript()), null, 120);
            Command.Result r = Command.run(List.of("ip", "netns", "exec", node, tools.restore()), rs.rules(), 60);
            if (!r.ok()) throw new IllegalStateException(rs.name() + ": the real " + tools.restore() + " refused the rules: " + r.stderr().strip());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** The shell script that wires the namespaces (one sh process, many ip calls). */
    String setupScript() {
        List<String> s = new ArrayList<>();
        String nodeIp = rs.nodeIps().get(0);
        for (String n : names) s.add("ip -n " + n + " link set lo up");
        s.add("ip link add eth0 netns " + node + " type veth peer name eth0 netns " + client);
        s.add("ip link add eth1 netns " + node + " type veth peer name eth0 netns " + backend);
        for (String ip : rs.nodeIps()) s.add("ip -n " + node + " addr add " + ip + "/32 dev eth0");
        s.add("ip -n " + client + " addr add " + GATEWAY + "/32 dev eth0");
        for (String ip : rs.clientSources()) s.add("ip -n " + client + " addr add " + ip + "/32 dev eth0");
        for (String ip : rs.endpoints()) s.add("ip -n " + backend + " addr add " + ip + "/32 dev eth0");
        for (String n : names) s.add("ip -n " + n + " link set eth0 up");
        s.add("ip -n " + node + " link set eth1 up");
        s.add("ip -n " + node + " route add default via " + GATEWAY + " dev eth0 onlink");
        for (String ip : rs.endpoints()) s.add("ip -n " + node + " route add " + ip + "/32 dev eth1");
        s.add("ip -n " + client + " route add default via " + nodeIp + " dev eth0 onlink");
        s.add("ip -n " + backend + " route add default via " + nodeIp + " dev eth0 onlink");
        for (String n : names) {
            s.add("ip netns exec " + n + " sysctl -qw net.ipv4.icmp_ratelimit=0");
            // per namespace since Linux 6.0; older kernels keep them global and show them in the initial namespace only
            s.add("ip netns exec " + n + " sysctl -qw net.ipv4.icmp_msgs_per_sec=1000000 net.ipv4.icmp_msgs_burst=1000000 2>/dev/null || true");
        }
        // no ICMP redirects for packets routed back out of eth0 (kdp models none)
        s.add("ip netns exec " + node + " sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.eth0.send_redirects=0");
        for (Map.Entry<String, String> e : rs.sysctls().entrySet()) {
            s.add("ip netns exec " + node + " sysctl -qw " + e.getKey() + "=" + e.getValue());
        }
        return String.join("\n", s) + "\n";
    }

    @Override
    public void close() {
        Namespaces.delete(names);
    }
}
