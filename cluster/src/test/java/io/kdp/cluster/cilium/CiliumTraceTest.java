package io.kdp.cluster.cilium;

import static io.kdp.cluster.Traces.devices;
import static io.kdp.cluster.Traces.mac;
import static io.kdp.cluster.Traces.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.render.HostRender;
import io.kdp.cluster.scenario.ScenarioException;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.ConnectionTracer;
import io.kdp.cluster.trace.PacketTrace;
import io.kdp.cni.cilium.CiliumPlugin;
import io.kdp.cni.cilium.PolicyMap;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.VxlanHeader;
import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.wire.PacketCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Cilium scenarios traced end to end: the client on node-a connects to the ClusterIP of "web"
 * (endpoints on node-b and node-c; seed 1 picks web-b on node-b). The socket load balancer
 * translates at connect(), so every frame already carries the backend's address; in tunnel mode
 * the frame on node-a's wire is VXLAN to node-b's address, port 8472, with the client's identity
 * as VNI; in native mode it is the plain packet. Policy is decided at web-b's endpoint on node-b.
 */
class CiliumTraceTest {
    static final String CLIENT_LXC = CiliumPlugin.lxcName("default/client");
    static final String NEIGHBOUR_LXC = CiliumPlugin.lxcName("default/neighbour");
    static final String WEB_B_LXC = CiliumPlugin.lxcName("default/web-b");

    record Run(Cluster cluster, ConnectionTrace trace, List<Packet> onNodeAEth0) {}

    static Run trace(String scenario, String from, String to) throws Exception {
        Cluster c = ClusterBuilder.build(ScenarioLoader.resolve(scenario), 1);
        List<Packet> wire = new ArrayList<>();
        c.backlog().tap((dev, outbound, frame, t) -> {
            if (outbound && dev.toString().equals("node-a/eth0")) wire.add(frame);
        });
        ConnectionTrace t = new ConnectionTracer(c).trace(from, to, "tcp", 1);
        return new Run(c, t, wire);
    }

    static Run showcase(String scenario) throws Exception {
        return trace(scenario, "default/client", "svc/default/web:http");
    }

    static CiliumPlugin cilium(Cluster c) {
        return (CiliumPlugin) c.cni();
    }

    static List<Step> stepsAt(PacketTrace p, String host) {
        return p.hops().stream().filter(h -> h.host().equals(host)).flatMap(h -> h.steps().stream()).toList();
    }

    static void assertCompleteViaSocketLb(ConnectionTrace t) {
        assertThat(t.complete()).isTrue();
        assertThat(t.packets()).extracting(PacketTrace::label).containsExactly("SYN", "SYN-ACK", "ACK", "request", "reply");
        // Translated in the client's socket: no packet on any wire carries the ClusterIP.
        assertThat(steps(t.packets().get(0), Step.Nat.class)).containsExactly(new Step.Nat("sock connect", "10.96.0.10:80", "10.244.1.2:8080"));
        for (PacketTrace p : t.packets()) {
            for (Step s : steps(p, Step.Transmit.class)) assertThat(((Step.Transmit) s).packet()).doesNotContain("10.96.0.10");
        }
    }

    @Test
    void vxlanCrossNodeServiceConnectionCarriesTheClientIdentityInTheVni() throws Exception {
        Run r = showcase("cilium-vxlan");
        assertCompleteViaSocketLb(r.trace);
        PacketTrace syn = r.trace.packets().get(0);
        assertThat(devices(syn)).containsExactly(
                "default/client tx eth0",
                "node-a rx " + CLIENT_LXC,
                "node-a tx cilium_vxlan",
                "node-a tx eth0",
                "underlay rx port1",
                "underlay tx port2",
                "node-b rx eth0",
                "node-b rx cilium_vxlan",
                "node-b tx " + WEB_B_LXC,
                "default/web-b rx eth0");
        assertThat(devices(r.trace.packets().get(1))).containsExactly(
                "default/web-b tx eth0",
                "node-b rx " + WEB_B_LXC,
                "node-b tx cilium_vxlan",
                "node-b tx eth0",
                "underlay rx port2",
                "underlay tx port1",
                "node-a rx eth0",
                "node-a rx cilium_vxlan",
                "node-a tx " + CLIENT_LXC,
                "default/client rx eth0");
        CiliumPlugin cil = cilium(r.cluster);
        int client = cil.identityOf("default/client");
        int web = cil.identityOf("default/web-b");
        assertThat(client).isEqualTo(256);
        assertThat(web).isEqualTo(258);
        // What chose the tunnel endpoint: the backend's ipcache entry.
        assertThat(stepsAt(syn, "node-a")).contains(
                new Step.Lookup("cilium_ipcache", "10.244.1.2", "10.244.1.2/32 identity=258 encryptkey=0 tunnelendpoint=192.168.49.3 flags=hastunnel"),
                new Step.Note("bpf_skb_set_tunnel_key id 256 remote 192.168.49.3 ttl 64 nocsum; bpf_redirect to cilium_vxlan"));
        assertThat(steps(syn, Step.Encap.class)).singleElement().satisfies(e -> assertThat(((Step.Encap) e).device()).isEqualTo("cilium_vxlan"));
        assertThat(stepsAt(syn, "node-b")).contains(new Step.Note("cil_from_overlay: source identity 256 from VNI 256"));

        // The SYN on node-a's wire, header by header.
        Packet wire = r.onNodeAEth0.get(0);
        assertThat(wire.ethernet().src().toString()).isEqualTo(mac(r.cluster, "node-a", "eth0"));
        assertThat(wire.ethernet().dst().toString()).isEqualTo(mac(r.cluster, "node-b", "eth0"));
        assertThat(Ip4.format(wire.src())).isEqualTo("192.168.49.2");
        assertThat(Ip4.format(wire.dst())).isEqualTo("192.168.49.3");
        assertThat(wire.protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(wire.ipv4().ttl()).isEqualTo(64);
        assertThat(wire.ipv4().dontFragment()).isFalse();
        assertThat(wire.dstPort()).isEqualTo(8472);
        assertThat(((io.kdp.packet.UdpHeader) wire.transport()).zeroChecksum()).isTrue(); // BPF_F_ZERO_CSUM_TX
        Payload.Tunnel tunnel = (Payload.Tunnel) wire.payload();
        assertThat(tunnel.header()).isEqualTo(VxlanHeader.of(client));
        Packet inner = tunnel.inner();
        assertThat(wire.srcPort()).isEqualTo(PacketCodec.vxlanSourcePort(inner, 0, 0));
        // The pod's own frame, untouched: to the lxc device's MAC, TTL not yet decremented.
        assertThat(inner.ethernet().src().toString()).isEqualTo(mac(r.cluster, "default/client", "eth0"));
        assertThat(inner.ethernet().dst().toString()).isEqualTo(mac(r.cluster, "node-a", CLIENT_LXC));
        assertThat(inner.summary()).isEqualTo("10.244.0.2." + inner.srcPort() + " > 10.244.1.2.8080: tcp [S]");
        assertThat(inner.ipv4().ttl()).isEqualTo(64);
        byte[] bytes = PacketCodec.encode(wire);
        assertThat(bytes).hasSize(inner.frameLength() + 50);
        assertThat(PacketCodec.checksumsValid(bytes, LinkType.ETHERNET)).isTrue();

        // The SYN-ACK goes back with web-b's identity as VNI.
        assertThat(steps(r.trace.packets().get(1), Step.Encap.class)).singleElement()
                .satisfies(e -> assertThat(((Step.Encap) e).outer()).contains("vxlan vni " + web + " "));
    }

    @Test
    void vxlanDeliveryRewritesTheFrameForThePod() throws Exception {
        Run r = showcase("cilium-vxlan");
        var s = r.cluster.pod("default/web-b").ns().sockets().lookup(IpProtocol.TCP, 0, 8080);
        Packet atWeb = s.received().get(0);
        assertThat(atWeb.ipv4().ttl()).isEqualTo(63); // ipv4_l3 in local delivery on node-b
        assertThat(Ip4.format(atWeb.src())).isEqualTo("10.244.0.2");
    }

    @Test
    void nativeCrossNodeServiceConnectionIsRoutedWithoutEncapsulation() throws Exception {
        Run r = showcase("cilium-native");
        assertCompleteViaSocketLb(r.trace);
        PacketTrace syn = r.trace.packets().get(0);
        assertThat(devices(syn)).containsExactly(
                "default/client tx eth0",
                "node-a rx " + CLIENT_LXC,
                "node-a tx eth0",
                "underlay rx port1",
                "underlay tx port2",
                "node-b rx eth0",
                "node-b tx " + WEB_B_LXC,
                "default/web-b rx eth0");
        assertThat(stepsAt(syn, "node-a")).contains(new Step.Route("main", "10.244.1.0/24 via 192.168.49.3 dev eth0 proto kernel", "forward"));
        assertThat(stepsAt(syn, "node-b")).contains(
                new Step.Lookup("cilium_ipcache", "10.244.0.2", "10.244.0.2/32 identity=256 encryptkey=0 tunnelendpoint=0.0.0.0 flags=<none>"));
        assertThat(steps(syn, Step.Encap.class)).isEmpty();
        assertThat(r.cluster.host("node-a").device("cilium_vxlan")).isNull();
        Packet wire = r.onNodeAEth0.get(0);
        assertThat(wire.ethernet().src().toString()).isEqualTo(mac(r.cluster, "node-a", "eth0"));
        assertThat(wire.ethernet().dst().toString()).isEqualTo(mac(r.cluster, "node-b", "eth0"));
        assertThat(wire.summary()).isEqualTo("10.244.0.2." + wire.srcPort() + " > 10.244.1.2.8080: tcp [S]");
        assertThat(wire.payload()).isNotInstanceOf(Payload.Tunnel.class);
        assertThat(wire.ipv4().ttl()).isEqualTo(63);
    }

    @Test
    void sameNodeTrafficIsDeliveredLocallyWithoutEncapsulation() throws Exception {
        Run r = trace("cilium-vxlan", "default/client", "default/neighbour:8080");
        assertThat(r.trace.complete()).isTrue();
        PacketTrace syn = r.trace.packets().get(0);
        assertThat(devices(syn)).containsExactly(
                "default/client tx eth0",
                "node-a rx " + CLIENT_LXC,
                "node-a tx " + NEIGHBOUR_LXC,
                "default/neighbour rx eth0");
        assertThat(steps(syn, Step.Encap.class)).isEmpty();
        assertThat(r.onNodeAEth0).isEmpty();
    }

    @Test
    void policyAllowsTheClientAndNamesTheRule() throws Exception {
        Run r = showcase("cilium-policy");
        assertCompleteViaSocketLb(r.trace);
        CiliumPlugin cil = cilium(r.cluster);
        int webEp = cil.node("node-b").endpoints().get("default/web-b").id();
        PacketTrace syn = r.trace.packets().get(0);
        assertThat(stepsAt(syn, "node-b")).containsSubsequence(
                new Step.Lookup(PolicyMap.name(webEp), "identity 256 ingress 8080/TCP", "allow (entry identity 256 ingress 8080/TCP)"),
                new Step.Policy("cilium", "default/allow-client", "ingress[0]", "allow"));
        // Replies pass by conntrack, without a policy lookup.
        assertThat(steps(r.trace.packets().get(1), Step.Policy.class)).isEmpty();
    }

    @Test
    void policyDropsTheIntruderAtTheDestinationEndpoint() throws Exception {
        Run r = trace("cilium-policy", "default/intruder", "svc/default/web:http");
        assertThat(r.trace.complete()).isFalse();
        CiliumPlugin cil = cilium(r.cluster);
        int intruder = cil.identityOf("default/intruder");
        assertThat(intruder).isEqualTo(257);
        int webEp = cil.node("node-b").endpoints().get("default/web-b").id();
        PacketTrace syn = r.trace.packets().get(0);
        assertThat(syn.outcome().host()).isEqualTo("node-b");
        assertThat(syn.outcome().disposition()).isEqualTo(Disposition.DROPPED);
        assertThat(syn.outcome().reason()).isEqualTo("Policy denied (ingress of endpoint " + webEp + " default/web-b) (tc ingress cilium_vxlan cil_from_overlay)");
        assertThat(stepsAt(syn, "node-b")).containsSubsequence(
                new Step.Note("cil_from_overlay: source identity 257 from VNI 257"),
                new Step.Lookup(PolicyMap.name(webEp), "identity 257 ingress 8080/TCP", "miss: deny"),
                new Step.Policy("cilium", "default/allow-client", "ingress", "deny"),
                new Step.Drop("Policy denied (ingress of endpoint " + webEp + " default/web-b) (tc ingress cilium_vxlan cil_from_overlay)"));
        assertThat(devices(syn)).doesNotContain("node-b tx " + WEB_B_LXC);
    }

    @Test
    void ciliumScenariosRequireProxyModeEbpf() {
        String text = """
                kdp:
                  cni: cilium-vxlan
                  proxyMode: iptables
                  nodes:
                    - {name: node-a, ip: 192.168.49.2/24, podCIDR: 10.244.0.0/24}
                """;
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", text))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("bad.yaml:3")
                .hasMessageContaining("cni cilium-vxlan replaces kube-proxy: proxyMode must be ebpf (Cilium's kube-proxy replacement), not iptables");
        assertThatThrownBy(() -> ClusterBuilder.build(ScenarioLoader.resolve("cilium-vxlan"), 1, "iptables"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CNI cilium-vxlan replaces kube-proxy: proxy mode must be ebpf, not iptables");
    }

    static String golden(String name) throws IOException {
        try (InputStream in = CiliumTraceTest.class.getResourceAsStream("/cilium/" + name)) {
            if (in == null) throw new IllegalStateException("no golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void assertGolden(Cluster c, String host, String view, String file) throws IOException {
        String actual = HostRender.render(c, host, view);
        if (Boolean.getBoolean("kdp.updateGolden")) Files.writeString(Path.of("src/test/resources/cilium", file), actual);
        assertThat(actual).isEqualTo(golden(file));
    }

    @Test
    void goldenMapsRoutesAndLinks() throws Exception {
        Cluster vxlan = ClusterBuilder.build(ScenarioLoader.resolve("cilium-vxlan"), 1);
        assertGolden(vxlan, "node-a", "cilium", "vxlan-node-a-cilium.txt");
        assertGolden(vxlan, "node-a", "routes", "vxlan-node-a-routes.txt");
        assertGolden(vxlan, "node-a", "link", "vxlan-node-a-link.txt");
        assertGolden(vxlan, "default/client", "routes", "vxlan-client-routes.txt");
        Cluster nat = ClusterBuilder.build(ScenarioLoader.resolve("cilium-native"), 1);
        assertGolden(nat, "node-a", "routes", "native-node-a-routes.txt");
        assertGolden(nat, "node-a", "cilium", "native-node-a-cilium.txt");
        Cluster pol = ClusterBuilder.build(ScenarioLoader.resolve("cilium-policy"), 1);
        assertGolden(pol, "node-b", "cilium", "policy-node-b-cilium.txt");
    }

    @Test
    void ciliumViewNeedsACiliumNode() throws Exception {
        Cluster flannel = ClusterBuilder.build(ScenarioLoader.resolve("flannel-vxlan"), 1);
        assertThatThrownBy(() -> HostRender.render(flannel, "node-a", "cilium"))
                .hasMessage("no Cilium agent on node-a: the cilium view needs a node of a Cilium cluster (cni cilium-vxlan or cilium-native)");
    }
}
