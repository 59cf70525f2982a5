package io.kdp.kubeproxy.ipvs;

import static io.kdp.kubeproxy.Fixtures.port;
import static io.kdp.kubeproxy.Fixtures.slice;
import static io.kdp.kubeproxy.Fixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.k8s.model.Protocol;
import io.kdp.k8s.model.ServiceType;
import io.kdp.kubeproxy.ProxyState;
import io.kdp.linux.NetNamespace;
import io.kdp.packet.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rebuilding an IPVS node from its {@code ipset save} and {@code ipvsadm-save -n} dumps. */
class IpvsDumpsTest {
    @Test
    void aNodeRebuiltFromItsDumpsHoldsTheSameSetsServicesAndAddresses() {
        NetNamespace live = IpvsNode.create("node-a", "192.168.0.11/24");
        new IpvsProxier(IpvsGoldenTest.config()).apply(live, ProxyState.build("node-a",
                List.of(svc("default", "lb", "10.96.0.60").type(ServiceType.LOAD_BALANCER).port(port("http", Protocol.TCP, 80, 31000))
                        .lbIPs("198.51.100.7").sourceRanges("203.0.113.0/24").clientIP(null).build()),
                List.of(slice("default", "lb").port("http", Protocol.TCP, 8080).ready("10.244.1.7", "node-b").build())));

        NetNamespace offline = IpvsNode.create("node", "192.168.0.11/32");
        IpvsDumps.load(offline, "ipset.txt", live.ipsets().save(), "ipvs.txt", live.ipvs().save());
        offline.iptables().restore("rules", live.iptables().save(), false, false);

        assertThat(offline.ipvs().save()).isEqualTo(live.ipvs().save()).contains("-A -t 10.96.0.60:80 -s rr -p 10800\n");
        assertThat(offline.ipsets().save().replaceAll("initval 0x\\w+", "")).isEqualTo(live.ipsets().save().replaceAll("initval 0x\\w+", ""));
        assertThat(offline.device("kube-ipvs0").addresses()).containsExactlyInAnyOrderElementsOf(live.device("kube-ipvs0").addresses());
        assertThat(offline.isLocalAddress(Ip4.parse("198.51.100.7"))).isTrue();
        assertThat(offline.sysctls().get("net.ipv4.vs.conntrack")).isEqualTo("1");
    }

    @Test
    void withoutKubeIpvsIpsEveryNonLocalVirtualAddressIsBound() {
        NetNamespace ns = IpvsNode.create("node", "192.168.0.11/32");
        IpvsDumps.load(ns, null, null, "ipvs.txt", """
                -A -t 192.168.0.11:30080 -s rr
                -a -t 192.168.0.11:30080 -r 10.244.1.7:8080 -m -w 1
                -A -u 10.96.0.10:53 -s rr
                -a -u 10.96.0.10:53 -r 10.244.0.2:53 -m -w 1
                """);
        assertThat(ns.device("kube-ipvs0").addresses()).extracting(Object::toString).containsExactly("10.96.0.10/32");
    }

    @Test
    void badDumpsNameTheFileAndLine() {
        NetNamespace ns = IpvsNode.create("node", "192.168.0.11/32");
        assertThatThrownBy(() -> IpvsDumps.load(ns, null, null, "ipvs.txt", "-A -t 10.96.0.10:53 -s rr\n-A -t 10.96.0.10:53 -s bogus\n"))
                .isInstanceOf(IpvsDumps.IpvsDumpException.class).hasMessageStartingWith("ipvs.txt:2: ")
                .hasMessageContaining("Scheduler not found: 'bogus'");
        assertThatThrownBy(() -> IpvsDumps.load(ns, "sets.txt", "create KUBE-X hash:ip family inet\nadd KUBE-Y 1.2.3.4\n", null, null))
                .isInstanceOf(IpvsDumps.IpvsDumpException.class).hasMessageStartingWith("sets.txt:2: ");
    }
}
