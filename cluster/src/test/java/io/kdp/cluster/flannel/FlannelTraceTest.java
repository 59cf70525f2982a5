package io.kdp.cluster.flannel;

import static io.kdp.cluster.Traces.devices;
import static io.kdp.cluster.Traces.mac;
import static io.kdp.cluster.Traces.steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.render.HostRender;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.cluster.trace.ConnectionTrace;
import io.kdp.cluster.trace.ConnectionTracer;
import io.kdp.cluster.trace.PacketTrace;
import io.kdp.linux.NetNamespace;
import io.kdp.linux.route.RoutePrinter;
import io.kdp.linux.trace.Disposition;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.VxlanHeader;
import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.wire.PacketCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three Flannel scenarios traced end to end: a client pod on node-a connects to the ClusterIP
 * of "web", whose endpoints are on node-b and node-c (seed 1 picks web-c on node-c). Every rx/tx
 * step's host and device is asserted, and the frames on node-a's eth0 are taken apart header by
 * header.
 */
class FlannelTraceTest {
    static final String CLIENT_VETH = "veth1aa73484", WEB_C_VETH = "vethd4333493", NEIGHBOUR_VETH = "veth3c26ba14";

    record Run(Cluster cluster, ConnectionTrace trace, List<Packet> onNodeAEth0) {}

    static Cluster build(String scenario) throws Exception {
        return ClusterBuilder.build(ScenarioLoader.resolve(scenario), 1);
    }

    /** The scenario's showcase trace with seed 1, keeping every frame node-a's eth0 transmits. */
    static Run showcase(String scenario) throws Exception {
        Cluster c = build(scenario);
        List<Packet> wire = new ArrayList<>();
        c.backlog().tap((dev, outbound, frame, t) -> {
            if (outbound && dev.toString().equals("node-a/eth0")) wire.add(frame);
        });
        var s = c.scenario().spec().showcase();
        ConnectionTrace t = new ConnectionTracer(c).trace(s.from(), s.to(), s.proto(), 1);
        return new Run(c, t, wire);
    }

    static void assertCompleteWithDnatToWebC(ConnectionTrace t) {
        assertThat(t.complete()).isTrue();
        assertThat(t.packets()).extracting(PacketTrace::label).containsExactly("SYN", "SYN-ACK", "ACK", "request", "reply");
        assertThat(steps(t.packets().get(0), Step.Nat.class)).containsExactly(new Step.Nat("DNAT", "10.96.0.10:80", "10.244.2.2:8080"));
        assertThat(steps(t.packets().get(1), Step.Nat.class)).containsExactly(new Step.Nat("un-DNAT", "10.244.2.2:8080", "10.96.0.10:80"));
    }

    @Test
    void vxlanCrossNodeServiceConnectionIsEncapsulatedOnFlannel1() throws Exception {
        Run r = showcase("flannel-vxlan");
        assertCompleteWithDnatToWebC(r.trace);
        PacketTrace syn = r.trace.packets().get(0);
        assertThat(devices(syn)).containsExactly(
                "default/client tx eth0",
                "node-a rx " + CLIENT_VETH,
                "node-a tx flannel.1",
                "node-a tx eth0",
                "underlay rx port1",
                "underlay tx port3",
                "node-c rx eth0",
                "node-c rx flannel.1",
                "node-c tx cni0",
                "node-c tx " + WEB_C_VETH,
                "default/web-c rx eth0");
        assertThat(devices(r.trace.packets().get(1))).containsExactly(
                "default/web-c tx eth0",
                "node-c rx " + WEB_C_VETH,
                "node-c tx flannel.1",
                "node-c tx eth0",
                "underlay rx port3",
                "underlay tx port1",
                "node-a rx eth0",
                "node-a rx flannel.1",
                "node-a tx cni0",
                "node-a tx " + CLIENT_VETH,
                "default/client rx eth0");
        // Which route, neighbour and FDB entry chose the tunnel endpoint.
        Cluster c = r.cluster;
        String vtepC = mac(c, "node-c", "flannel.1");
        assertThat(syn.hops().get(1).steps()).contains(
                new Step.Route("main", "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink", "forward"),
                new Step.Neighbour("10.244.2.0", vtepC, "flannel.1", "PERMANENT"),
                new Step.Lookup("fdb", vtepC, "dst 192.168.49.4"));
        assertThat(steps(syn, Step.Encap.class)).singleElement().satisfies(e -> assertThat(((Step.Encap) e).device()).isEqualTo("flannel.1"));
        assertThat(steps(syn, Step.Decap.class)).singleElement().satisfies(e -> assertThat(((Step.Decap) e).device()).isEqualTo("flannel.1"));

        // The SYN on node-a's wire, header by header.
        Packet wire = r.onNodeAEth0.get(0);
        assertThat(wire.ethernet().src().toString()).isEqualTo(mac(c, "node-a", "eth0"));
        assertThat(wire.ethernet().dst().toString()).isEqualTo(mac(c, "node-c", "eth0"));
        assertThat(Ip4.format(wire.src())).isEqualTo("192.168.49.2");
        assertThat(Ip4.format(wire.dst())).isEqualTo("192.168.49.4");
        assertThat(wire.protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(wire.ipv4().ttl()).isEqualTo(64);
        assertThat(wire.dstPort()).isEqualTo(8472);
        Payload.Tunnel tunnel = (Payload.Tunnel) wire.payload();
        assertThat(tunnel.header()).isEqualTo(VxlanHeader.of(1));
        Packet inner = tunnel.inner();
        assertThat(wire.srcPort()).isEqualTo(PacketCodec.vxlanSourcePort(inner, 0, 0)).isBetween(32768, 60999);
        assertThat(inner.ethernet().src().toString()).isEqualTo(mac(c, "node-a", "flannel.1"));
        assertThat(inner.ethernet().dst().toString()).isEqualTo(vtepC);
        assertThat(inner.summary()).isEqualTo("10.244.0.2." + inner.srcPort() + " > 10.244.2.2.8080: tcp [S]");
        assertThat(inner.ipv4().ttl()).isEqualTo(63); // forwarded once, on node-a
        byte[] bytes = PacketCodec.encode(wire);
        assertThat(bytes).hasSize(inner.frameLength() + 50);
        assertThat(PacketCodec.checksumsValid(bytes, LinkType.ETHERNET)).isTrue();
        assertThat(PacketCodec.decode(bytes, LinkType.ETHERNET)).isEqualTo(wire);
    }

    @Test
    void hostGwCrossNodeServiceConnectionIsRoutedUnencapsulated() throws Exception {
        Run r = showcase("flannel-host-gw");
        assertCompleteWithDnatToWebC(r.trace);
        PacketTrace syn = r.trace.packets().get(0);
        assertThat(devices(syn)).containsExactly(
                "default/client tx eth0",
                "node-a rx " + CLIENT_VETH,
                "node-a tx eth0",
                "underlay rx port1",
                "underlay tx port3",
                "node-c rx eth0",
                "node-c tx cni0",
                "node-c tx " + WEB_C_VETH,
                "default/web-c rx eth0");
        assertThat(syn.hops().get(1).steps()).contains(new Step.Route("main", "10.244.2.0/24 via 192.168.49.4 dev eth0", "forward"));
        assertThat(steps(syn, Step.Encap.class)).isEmpty();
        Packet wire = r.onNodeAEth0.get(0);
        assertThat(wire.ethernet().src().toString()).isEqualTo(mac(r.cluster, "node-a", "eth0"));
        assertThat(wire.ethernet().dst().toString()).isEqualTo(mac(r.cluster, "node-c", "eth0"));
        assertThat(wire.summary()).isEqualTo("10.244.0.2." + wire.srcPort() + " > 10.244.2.2.8080: tcp [S]");
        assertThat(wire.payload()).isNotInstanceOf(Payload.Tunnel.class);
        assertThat(wire.ipv4().ttl()).isEqualTo(63);
    }

    @Test
    void udpCrossNodeServiceConnectionIsEncapsulatedByFlanneldInUserSpace() throws Exception {
        Run r = showcase("flannel-udp");
        assertCompleteWithDnatToWebC(r.trace);
        PacketTrace syn = r.trace.packets().get(0);
        assertThat(devices(syn)).containsExactly(
                "default/client tx eth0",
                "node-a rx " + CLIENT_VETH,
                "node-a tx flannel0",
                "node-a tx eth0",
                "underlay rx port1",
                "underlay tx port3",
                "node-c rx eth0",
                "node-c rx flannel0",
                "node-c tx cni0",
                "node-c tx " + WEB_C_VETH,
                "default/web-c rx eth0");
        assertThat(syn.hops().get(1).steps()).contains(
                new Step.Route("main", "10.244.0.0/16 dev flannel0", "forward"),
                new Step.Lookup("flanneld routes", "10.244.2.2", "10.244.2.0/24 -> 192.168.49.4:8285"));
        Packet wire = r.onNodeAEth0.get(0);
        assertThat(steps(syn, Step.Encap.class)).containsExactly(
                new Step.Encap("flanneld", wire.summary(), "subnet 10.244.2.0/24 -> 192.168.49.4:8285"));
        assertThat(steps(syn, Step.Decap.class)).containsExactly(new Step.Decap("flanneld", wire.summary()));
        assertThat(wire.ethernet().dst().toString()).isEqualTo(mac(r.cluster, "node-c", "eth0"));
        assertThat(Ip4.format(wire.src()) + ":" + wire.srcPort() + " > " + Ip4.format(wire.dst()) + ":" + wire.dstPort())
                .isEqualTo("192.168.49.2:8285 > 192.168.49.4:8285");
        Payload.Tunnel tunnel = (Payload.Tunnel) wire.payload();
        assertThat(tunnel.header()).isNull(); // the inner IPv4 packet follows the UDP header directly
        Packet inner = tunnel.inner();
        assertThat(inner.ethernet()).isNull();
        assertThat(inner.summary()).isEqualTo("10.244.0.2." + inner.srcPort() + " > 10.244.2.2.8080: tcp [S]");
        assertThat(inner.ipv4().ttl()).isEqualTo(62); // forwarded by node-a's kernel, then decremented by flanneld
        assertThat(wire.ipTotalLength()).isEqualTo(20 + 8 + inner.ipTotalLength());
        byte[] bytes = PacketCodec.encode(wire);
        assertThat(bytes).hasSize(14 + 20 + 8 + inner.ipTotalLength());
        assertThat(PacketCodec.checksumsValid(bytes, LinkType.ETHERNET)).isTrue();
        // web-c saw the packet after the receiving flanneld decremented it again and node-c forwarded it.
        assertThat(r.cluster.pod("default/web-c").ns().sockets().lookup(IpProtocol.TCP, 0, 8080).received().get(0).ipv4().ttl()).isEqualTo(60);
    }

    @Test
    void sameNodePodToPodStaysOnCni0InEveryBackend() throws Exception {
        for (String scenario : List.of("flannel-vxlan", "flannel-host-gw", "flannel-udp")) {
            Cluster c = build(scenario);
            ConnectionTrace t = new ConnectionTracer(c).trace("default/client", "default/neighbour:8080", "tcp", 1);
            assertThat(t.complete()).as(scenario).isTrue();
            for (PacketTrace p : t.packets()) {
                assertThat(steps(p, Step.Encap.class)).as(scenario + " " + p.label()).isEmpty();
                assertThat(p.hops()).extracting(Hop::host).doesNotContain("underlay", "node-b", "node-c");
            }
            assertThat(devices(t.packets().get(0))).as(scenario).containsExactly(
                    "default/client tx eth0",
                    "node-a rx " + CLIENT_VETH,
                    "node-a tx " + NEIGHBOUR_VETH,
                    "default/neighbour rx eth0");
            assertThat(t.packets().get(1).hops().get(1).steps()).as(scenario)
                    .contains(new Step.Bridge("cni0", NEIGHBOUR_VETH, CLIENT_VETH, "fdb"));
        }
    }

    @Test
    void aPodReachesItselfThroughItsServiceThanksToHairpinMode() throws Exception {
        Cluster c = build("flannel-vxlan");
        ConnectionTracer tracer = new ConnectionTracer(c);
        boolean sawSelf = false;
        for (long seed = 1; seed <= 10 && !sawSelf; seed++) {
            ConnectionTrace t = tracer.trace("default/web-c", "svc/default/web:http", "tcp", seed);
            assertThat(t.complete()).isTrue();
            PacketTrace syn = t.packets().get(0);
            if (steps(syn, Step.Nat.class).get(0).equals(new Step.Nat("DNAT", "10.96.0.10:80", "10.244.2.2:8080"))) {
                sawSelf = true;
                assertThat(syn.hops()).extracting(Hop::host).containsExactly("default/web-c", "node-c", "default/web-c");
                assertThat(steps(syn, Step.Bridge.class)).contains(new Step.Bridge("cni0", WEB_C_VETH, WEB_C_VETH, "fdb, hairpin"));
                // kube-proxy's hairpin masquerade: the pod sees the connection come from cni0's address.
                List<Step.Nat> nats = steps(syn, Step.Nat.class).stream().map(Step.Nat.class::cast).toList();
                assertThat(nats).extracting(Step.Nat::type).containsExactly("DNAT", "MASQUERADE");
                assertThat(nats.get(1).after()).startsWith("10.244.2.1:");
            }
        }
        assertThat(sawSelf).isTrue();
    }

    @Test
    void networkPoliciesAreReportedAsNotEnforced() throws Exception {
        Cluster c = build("flannel-vxlan");
        assertThat(c.notes()).contains("NetworkPolicy default/web-from-nowhere is not enforced: Flannel has no policy support");
        // The policy would isolate web's pods; Flannel lets the connection through all the same.
        assertThat(showcase("flannel-vxlan").trace.packets().get(0).outcome().disposition()).isEqualTo(Disposition.DELIVERED);
        assertThat(build("flannel-host-gw").notes()).noneMatch(n -> n.startsWith("NetworkPolicy"));
    }

    @Test
    void flanneldsIptablesRulesAreAppendedAfterKubeProxysJumps() throws Exception {
        String save = build("flannel-vxlan").host("node-b").iptables().save();
        // iptables-save lists filter before nat.
        assertThat(save.lines().filter(l -> l.contains("FLANNEL")).toList()).containsExactly(
                ":FLANNEL-FWD - [0:0]",
                "-A FORWARD -m comment --comment \"flanneld forward\" -j FLANNEL-FWD",
                "-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT",
                "-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT",
                ":FLANNEL-POSTRTG - [0:0]",
                "-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG",
                "-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment \"flanneld masq\" -j RETURN",
                "-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\" -j RETURN",
                "-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment \"flanneld masq\" -j RETURN",
                "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment \"flanneld masq\" -j RETURN",
                "-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment \"flanneld masq\" -j MASQUERADE --random-fully",
                "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\" -j MASQUERADE --random-fully");
        // flanneld appends; kube-proxy prepends its jumps, so they run first.
        assertThat(save.lines().filter(l -> l.startsWith("-A POSTROUTING ")).toList()).containsExactly(
                "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
                "-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG");
        assertThat(save.lines().filter(l -> l.startsWith("-A FORWARD ")).toList()).last()
                .isEqualTo("-A FORWARD -m comment --comment \"flanneld forward\" -j FLANNEL-FWD");
    }

    /** {@code ip route} (the main table). */
    static String ipRoute(NetNamespace ns) {
        StringBuilder sb = new StringBuilder();
        ns.fib().main().routes().forEach(r -> sb.append(RoutePrinter.format(r, false)).append('\n'));
        return sb.toString();
    }

    static void golden(String name, String actual) throws Exception {
        Path p = Path.of("src/test/resources/golden/flannel", name);
        if (Boolean.getBoolean("kdp.updateGolden")) {
            Files.createDirectories(p.getParent());
            Files.writeString(p, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(p));
    }

    @Test
    void nodeViewsMatchTheirGoldenFiles() throws Exception {
        for (String scenario : List.of("flannel-vxlan", "flannel-host-gw", "flannel-udp")) {
            Cluster c = build(scenario);
            golden(scenario + "-node-a.link.txt", HostRender.render(c, "node-a", "link"));
            golden(scenario + "-node-a.route.txt", ipRoute(c.host("node-a")));
            golden(scenario + "-node-a.neigh.txt", HostRender.render(c, "node-a", "neigh"));
            golden(scenario + "-node-a.fdb.txt", HostRender.render(c, "node-a", "fdb"));
        }
    }

    @Test
    void vxlanNodeHasOneRouteNeighbourAndFdbEntryPerRemoteNode() throws Exception {
        Cluster c = build("flannel-vxlan");
        String b = mac(c, "node-b", "flannel.1"), cc = mac(c, "node-c", "flannel.1");
        NetNamespace a = c.host("node-a");
        assertThat(ipRoute(a).lines().filter(l -> l.contains("flannel.1")).toList()).containsExactly(
                "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink ",
                "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink ");
        assertThat(a.neighbours().show().lines().filter(l -> l.contains("flannel.1")).toList()).containsExactly(
                "10.244.1.0 dev flannel.1 lladdr " + b + " PERMANENT ",
                "10.244.2.0 dev flannel.1 lladdr " + cc + " PERMANENT ");
        assertThat(HostRender.render(c, "node-a", "fdb").lines().filter(l -> l.contains("flannel.1")).sorted().toList()).isEqualTo(List.of(
                b + " dev flannel.1 dst 192.168.49.3 self permanent",
                cc + " dev flannel.1 dst 192.168.49.4 self permanent").stream().sorted().toList());
        assertThat(a.device("flannel.1").mtu()).isEqualTo(1450);
        assertThat(a.device("flannel.1").addresses()).extracting(Object::toString).containsExactly("10.244.0.0/32");
        assertThat(a.device("cni0").addresses()).extracting(Object::toString).containsExactly("10.244.0.1/24");
        assertThat(c.pod("default/client").ns().device("eth0").mtu()).isEqualTo(1450);
    }
}
