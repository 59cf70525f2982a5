package io.kdp.cluster.calico;

import static io.kdp.cluster.Traces.devices;
import static io.kdp.cluster.Traces.mac;
import static io.kdp.cluster.Traces.steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.ConnectionTracer;
import io.kdp.cluster.trace.PacketTrace;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cross-node Service connections through every bundled Calico scenario, traced end to end. */
class CalicoTraceTest {
    static final String CLIENT = "calia7a3e029a7b"; // cali + sha1("default.client")[:11]
    static final String WEB_B = "caliddeaa362342"; // default/web-b
    static final String WEB_C = "cali4bd396d8937"; // default/web-c
    static final String LOCAL_A = "calia9e20985c62"; // default/local-a

    static Cluster cluster(String scenario) throws Exception {
        return ClusterBuilder.build(ScenarioLoader.resolve(scenario), 1);
    }

    static Cluster clusterFromText(String name, String text) throws Exception {
        return ClusterBuilder.build(ScenarioLoader.parse(name + ".yaml", text), 1);
    }

    static String text(String scenario) throws Exception {
        try (var in = CalicoTraceTest.class.getResourceAsStream("/scenarios/" + scenario + ".yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static ConnectionTrace trace(Cluster c, String from, String to) {
        return new ConnectionTracer(c).trace(from, to, "tcp", 1);
    }

    static List<String> texts(PacketTrace p, Class<? extends Step> type) {
        return steps(p, type).stream().map(Step::text).toList();
    }

    @Test
    void ipipAlwaysWrapsTheSynInProtocol4BetweenNodeAddressesWithNoInnerEthernet() throws Exception {
        ConnectionTrace t = trace(cluster("calico-ipip"), "default/client", "svc/default/web:http");
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(devices(syn)).containsExactly("default/client tx eth0", "node-a rx " + CLIENT, "node-a tx tunl0", "node-a tx eth0",
                "underlay rx port1", "underlay tx port2", "node-b rx eth0", "node-b rx tunl0", "node-b tx " + WEB_B, "default/web-b rx eth0");
        assertThat(texts(syn, Step.Encap.class)).containsExactly(
                "encap tunl0  192.168.49.2 > 192.168.49.3: ipencap [10.244.0.1.60086 > 10.244.0.65.8080: tcp [S]]  (route via 192.168.49.3)");
        assertThat(texts(syn, Step.Decap.class)).containsExactly(
                "decap tunl0  192.168.49.2 > 192.168.49.3: ipencap [10.244.0.1.60086 > 10.244.0.65.8080: tcp [S]]");
        assertThat(texts(syn, Step.Route.class)).contains("route forward via table main: 10.244.0.64/26 via 192.168.49.3 dev tunl0 proto bird onlink");
        assertThat(texts(syn, Step.Nat.class)).containsExactly("DNAT 10.96.0.10:80 -> 10.244.0.65:8080");
        // The reply goes back the same way, un-DNATed on node-a.
        PacketTrace synAck = t.packets().get(1);
        assertThat(texts(synAck, Step.Encap.class)).containsExactly(
                "encap tunl0  192.168.49.3 > 192.168.49.2: ipencap [10.244.0.65.8080 > 10.244.0.1.60086: tcp [S.]]  (route via 192.168.49.2)");
        assertThat(synAck.outcome().host()).isEqualTo("default/client");
        // Felix accepted the incoming IPIP packet from a Calico host in cali-INPUT.
        assertThat(steps(syn, Step.Rule.class)).anyMatch(r -> r.chain().equals("cali-INPUT") && r.rule().contains("cali:PajejrV4aFdkZojI")
                && r.rule().contains("Allow IPIP packets from Calico hosts") && r.verdict().equals("ACCEPT"));
    }

    @Test
    void sameNodeTrafficIsNeverEncapsulated() throws Exception {
        for (String scenario : List.of("calico-ipip", "calico-vxlan", "calico-bgp")) {
            ConnectionTrace t = trace(cluster(scenario), "default/client", "svc/default/local:http");
            assertThat(t.complete()).as(scenario).isTrue();
            PacketTrace syn = t.packets().get(0);
            assertThat(devices(syn)).as(scenario).containsExactly("default/client tx eth0", "node-a rx " + CLIENT, "node-a tx " + LOCAL_A,
                    "default/local-a rx eth0");
            assertThat(steps(syn, Step.Encap.class)).as(scenario).isEmpty();
        }
    }

    @Test
    void vxlanUsesPort4789AndVni4096ChosenByFelixsFdbEntry() throws Exception {
        Cluster c = cluster("calico-vxlan");
        ConnectionTrace t = trace(c, "default/client", "svc/default/web:http");
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(devices(syn)).containsExactly("default/client tx eth0", "node-a rx " + CLIENT, "node-a tx vxlan.calico", "node-a tx eth0",
                "underlay rx port1", "underlay tx port2", "node-b rx eth0", "node-b rx vxlan.calico", "node-b tx " + WEB_B, "default/web-b rx eth0");
        String vtepB = c.nodes().get("node-b").ns().device("vxlan.calico").mac().toString();
        assertThat(texts(syn, Step.Encap.class)).containsExactly("encap vxlan.calico  192.168.49.2.56697 > 192.168.49.3.4789: udp len 62 vxlan vni 4096"
                + " [10.244.0.1.60086 > 10.244.0.65.8080: tcp [S]]  (fdb " + vtepB + " dst 192.168.49.3)");
        assertThat(texts(syn, Step.Route.class)).contains("route forward via table main: 10.244.0.64/26 via 10.244.0.64 dev vxlan.calico proto 80 onlink");
        assertThat(texts(syn, Step.Neighbour.class)).contains("neigh 10.244.0.64 dev vxlan.calico lladdr " + vtepB + " PERMANENT");
    }

    @Test
    void bgpModeRoutesPodAddressesNativelyOverTheUnderlay() throws Exception {
        for (String scenario : List.of("calico-bgp", "calico-bgp-route-reflector")) {
            ConnectionTrace t = trace(cluster(scenario), "default/client", "svc/default/web:http");
            assertThat(t.complete()).as(scenario).isTrue();
            PacketTrace syn = t.packets().get(0);
            assertThat(devices(syn)).as(scenario).containsExactly("default/client tx eth0", "node-a rx " + CLIENT, "node-a tx eth0",
                    "underlay rx port1", "underlay tx port2", "node-b rx eth0", "node-b tx " + WEB_B, "default/web-b rx eth0");
            assertThat(steps(syn, Step.Encap.class)).as(scenario).isEmpty();
            assertThat(texts(syn, Step.Transmit.class)).as(scenario).contains("tx eth0  10.244.0.0.60086 > 10.244.0.64.8080: tcp [S]");
            assertThat(texts(syn, Step.Route.class)).as(scenario).contains("route forward via table main: 10.244.0.64/26 via 192.168.49.3 dev eth0 proto bird");
        }
    }

    @Test
    void crossSubnetEncapsulatesOnlyAcrossSubnetsAndTheUnderlayRoutesBetweenThem() throws Exception {
        Cluster c = cluster("calico-ipip-crosssubnet");
        PacketTrace far = trace(c, "default/client", "svc/default/web:http").packets().get(0);
        assertThat(devices(far)).containsExactly("default/client tx eth0", "node-a rx " + CLIENT, "node-a tx tunl0", "node-a tx eth0",
                "underlay rx port1", "underlay tx br0", "underlay tx port3", "node-c rx eth0", "node-c rx tunl0", "node-c tx " + WEB_C, "default/web-c rx eth0");
        assertThat(texts(far, Step.Encap.class)).containsExactly(
                "encap tunl0  192.168.49.2 > 192.168.50.2: ipencap [10.244.0.1.60086 > 10.244.0.129.8080: tcp [S]]  (route via 192.168.50.2)");
        ConnectionTrace nearT = trace(c, "default/client", "svc/default/near:http");
        assertThat(nearT.complete()).isTrue();
        PacketTrace near = nearT.packets().get(0);
        assertThat(steps(near, Step.Encap.class)).isEmpty();
        assertThat(devices(near)).containsExactly("default/client tx eth0", "node-a rx " + CLIENT, "node-a tx eth0", "underlay rx port1", "underlay tx port2",
                "node-b rx eth0", "node-b tx " + WEB_B, "default/web-b rx eth0");
        assertThat(texts(near, Step.Route.class)).contains("route forward via table main: 10.244.0.64/26 via 192.168.49.3 dev eth0 proto bird");
    }

    @Test
    void routeReflectorsGiveEveryNodeTheKernelRoutesOfTheFullMesh() throws Exception {
        String rr = text("calico-bgp-route-reflector");
        String mesh = rr.replace("    bgp:\n      routeReflectors: [node-a]\n      clusterID: 244.0.0.1\n", "");
        assertThat(mesh).isNotEqualTo(rr);
        Cluster withRr = clusterFromText("rr", rr), withMesh = clusterFromText("mesh", mesh);
        for (String node : withRr.nodes().keySet()) {
            assertThat(ipRoute(withRr, node)).as(node).isEqualTo(ipRoute(withMesh, node));
        }
        assertThat(ipRoute(withRr, "node-b")).isEqualTo("""
                default via 192.168.49.1 dev eth0\s
                10.244.0.0/26 via 192.168.49.2 dev eth0 proto bird\s
                10.244.0.64 dev caliddeaa362342 scope link\s
                blackhole 10.244.0.64/26 proto bird\s
                10.244.0.128/26 via 192.168.49.5 dev eth0 proto bird\s
                192.168.49.0/24 dev eth0 proto kernel scope link src 192.168.49.3\s
                """);
    }

    static String ipRoute(Cluster c, String node) {
        return io.kdp.linux.route.RoutePrinter.show(c.nodes().get(node).ns().fib().main());
    }

    @Test
    void theBorrowedAddressIsBlackholedByTheBlockOwnerUnlessItsSlash32IsAdvertised() throws Exception {
        ConnectionTrace t = trace(cluster("calico-ipam-blackhole"), "default/client", "svc/default/web:http");
        assertThat(t.complete()).isFalse();
        PacketTrace syn = t.packets().get(0);
        assertThat(syn.outcome().disposition()).isEqualTo(Disposition.BLACKHOLED);
        assertThat(syn.outcome().host()).isEqualTo("node-a");
        assertThat(texts(syn, Step.Nat.class)).containsExactly("DNAT 10.96.0.10:80 -> 10.244.0.2:8080");
        assertThat(texts(syn, Step.Route.class)).contains("route blackhole via table main: blackhole 10.244.0.0/28 proto bird");
        // With node-c's /32 advertised, the same cluster works: the /32 beats the owner's blackhole.
        Cluster fixed = clusterFromText("fixed", text("calico-ipam-blackhole").replace("exportHostRoutes: false", "exportHostRoutes: true"));
        ConnectionTrace ok = trace(fixed, "default/client", "svc/default/web:http");
        assertThat(ok.complete()).isTrue();
        assertThat(texts(ok.packets().get(0), Step.Route.class)).contains("route forward via table main: 10.244.0.2 via 192.168.49.4 dev eth0 proto bird");
    }

    @Test
    void policyAllowsTheClientAndNamesTheRule() throws Exception {
        ConnectionTrace t = trace(cluster("calico-policy"), "default/client", "svc/default/web:http");
        assertThat(t.complete()).isTrue();
        PacketTrace syn = t.packets().get(0);
        assertThat(steps(syn, Step.Policy.class)).containsExactly(new Step.Policy("calico", "default/allow-client", "ingress[0]", "allow"));
        assertThat(steps(syn, Step.Rule.class)).anyMatch(r -> r.chain().equals("cali-pi-_llXQte4h6y2-syRS72D") && r.rule().contains("\"Policy default/knp.default.allow-client ingress\"")
                && r.rule().contains("-m multiport --dports 8080") && r.verdict().equals("continue"));
        assertThat(steps(syn, Step.Rule.class)).anyMatch(r -> r.chain().equals("cali-tw-" + WEB_B) && r.rule().contains("Return if policy accepted")
                && r.verdict().equals("RETURN"));
        // Later packets of the connection are accepted by conntrack at the top of the endpoint chain, with no policy step.
        assertThat(steps(t.packets().get(2), Step.Policy.class)).isEmpty();
        assertThat(steps(t.packets().get(2), Step.Rule.class)).anyMatch(r -> r.chain().equals("cali-tw-" + WEB_B) && r.rule().contains("RELATED,ESTABLISHED"));
    }

    @Test
    void policyDropsAnyoneElseOnTheServersNodeAndSaysWhichPolicyDenied() throws Exception {
        ConnectionTrace t = trace(cluster("calico-policy"), "default/intruder", "svc/default/web:http");
        assertThat(t.complete()).isFalse();
        PacketTrace syn = t.packets().get(0);
        assertThat(syn.outcome().disposition()).isEqualTo(Disposition.DROPPED);
        assertThat(syn.outcome().host()).isEqualTo("node-b");
        assertThat(steps(syn, Step.Policy.class)).containsExactly(new Step.Policy("calico", "default/allow-client", "ingress", "deny"));
        assertThat(steps(syn, Step.Rule.class).get(steps(syn, Step.Rule.class).size() - 1)).satisfies(r -> {
            assertThat(r.chain()).isEqualTo("cali-tw-" + WEB_B);
            assertThat(r.rule()).contains("\"Drop if no policies passed packet\"").contains("-m mark --mark 0x0/0x20000");
            assertThat(r.verdict()).isEqualTo("DROP");
        });
    }
}
