package io.kdp.kubeproxy.iptables;

import static io.kdp.kubeproxy.Fixtures.port;
import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.ServiceType;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.linux.Backlog;
import io.kdp.linux.Clock;
import io.kdp.linux.NetNamespace;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Loads kube-proxy's rules into an emulated node and reads them back with iptables-save. */
class IptablesLoaderTest {
    static ProxyState state(String... endpointIPs) {
        var s = slice("default", "web").port("http", Protocol.TCP, 8080);
        for (String ip : endpointIPs) s.ready(ip, "node-a");
        return ProxyState.build("node-a", List.of(svc("default", "web", "10.96.0.50").type(ServiceType.NODE_PORT)
                .port(port("http", Protocol.TCP, 80, 30080)).build()), List.of(s.build()));
    }

    static List<String> chainRules(String save, String table, String chain) {
        String t = save.substring(save.indexOf("*" + table + "\n"));
        t = t.substring(0, t.indexOf("COMMIT"));
        return t.lines().filter(l -> l.startsWith("-A " + chain + " ")).collect(Collectors.toList());
    }

    @Test
    void appliesJumpsInKubeProxyOrderAndRestoresChains() {
        NetNamespace node = new NetNamespace("node-a", new Backlog(new Clock(0)), 1);
        IptablesProxier p = new IptablesProxier(IptablesGoldenTest.defaults().build());
        p.apply(node, state("10.244.1.5"));
        String save = node.iptables().save();

        // Each EnsureRule prepends, so the last ensured jump comes first.
        assertThat(chainRules(save, "filter", "INPUT")).containsExactly(
                "-A INPUT -j KUBE-FIREWALL",
                "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\" -j KUBE-PROXY-FIREWALL",
                "-A INPUT -m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS",
                "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES");
        assertThat(chainRules(save, "nat", "PREROUTING")).containsExactly(
                "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
        assertThat(chainRules(save, "nat", "POSTROUTING")).containsExactly(
                "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING");
        assertThat(save).contains(":KUBE-PROXY-CANARY - [0:0]").contains("*mangle");
        assertThat(chainRules(save, "nat", "KUBE-MARK-MASQ")).containsExactly("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000");
        assertThat(chainRules(save, "nat", "KUBE-NODEPORTS")).hasSize(1);
        assertThat(node.sysctls().get("net.ipv4.conf.all.route_localnet")).isEqualTo("1");
    }

    @Test
    void secondFullSyncDoesNotDuplicateJumpsAndStaleChainsAreDeleted() {
        NetNamespace node = new NetNamespace("node-a", new Backlog(new Clock(0)), 1);
        IptablesProxier p = new IptablesProxier(IptablesGoldenTest.defaults().build());
        IptablesSyncResult first = p.apply(node, state("10.244.1.5"));
        String oldSep = first.activeNatChains().stream().filter(c -> c.startsWith("KUBE-SEP-")).findFirst().orElseThrow();

        p.requestFullSync();
        IptablesSyncResult second = p.apply(node, state("10.244.1.6"));
        assertThat(second.fullSync()).isTrue();
        assertThat(second.deletedNatChains()).containsExactly(oldSep);
        String save = node.iptables().save();
        assertThat(chainRules(save, "filter", "INPUT")).hasSize(4);
        assertThat(chainRules(save, "filter", "FORWARD")).hasSize(4);
        assertThat(chainRules(save, "filter", "OUTPUT")).hasSize(3);
        assertThat(chainRules(save, "nat", "OUTPUT")).hasSize(1);
        assertThat(save).doesNotContain(oldSep).contains("--to-destination 10.244.1.6:8080");
    }

    @Test
    void partialSyncLoadsOnTopOfExistingChains() {
        NetNamespace node = new NetNamespace("node-a", new Backlog(new Clock(0)), 1);
        IptablesProxier p = new IptablesProxier(IptablesGoldenTest.defaults().build());
        p.apply(node, state("10.244.1.5"));
        String before = node.iptables().save();
        IptablesSyncResult r = p.apply(node, state("10.244.1.5"));
        assertThat(r.fullSync()).isFalse();
        assertThat(r.restoreText()).doesNotContain("KUBE-SEP-");
        assertThat(node.iptables().save()).as("an unchanged partial sync leaves the rules as they were").isEqualTo(before);
    }
}
