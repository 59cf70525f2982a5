package io.kdp.cluster.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.cluster.Cluster;
import io.kdp.cluster.ClusterBuilder;
import io.kdp.cluster.scenario.ScenarioLoader;
import io.kdp.linux.trace.Disposition;
import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.pcap.CaptureReader;
import io.kdp.packet.pcap.CapturedFrame;
import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.pcap.PcapWriter;
import io.kdp.packet.pcap.TimestampResolution;
import io.kdp.packet.wire.PacketCodec;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying captures written with kdp's own writer into the default scenario. */
class ReplayerTest {
    static final long T0 = 1_700_000_000_000_000_000L;
    static final EthernetHeader ETH = new EthernetHeader(MacAddress.parse("02:00:00:00:00:02"), MacAddress.parse("02:00:00:00:00:01"), EtherType.IPV4);
    /** An ARP request for 10.244.0.1 as tcpdump captures it (no padding). */
    static final byte[] ARP = HexFormat.of().parseHex("ffffffffffff020000000001" + "0806" + "0001080006040001" + "020000000001" + "0af40002" + "000000000000" + "0af40001");

    @TempDir
    Path dir;
    Cluster cluster;

    @BeforeEach
    void build() throws Exception {
        cluster = ClusterBuilder.build(ScenarioLoader.resolve("default"), 1);
    }

    static Packet syn(String src, int sport, String dst, int dport) {
        return new Packet(ETH, Ipv4Header.of(IpProtocol.TCP, Ip4.parse(src), Ip4.parse(dst), 7),
                new TcpHeader(sport, dport, 1000, 0, TcpHeader.SYN, TcpHeader.DEFAULT_WINDOW), Payload.Data.EMPTY);
    }

    List<CapturedFrame> write(LinkType lt, long[] ts, byte[]... frames) throws Exception {
        Path file = dir.resolve("in.pcap");
        try (PcapWriter w = PcapWriter.create(file, lt, TimestampResolution.MICROSECONDS)) {
            for (int i = 0; i < frames.length; i++) w.write(ts[i], frames[i]);
        }
        try (CaptureReader r = CaptureReader.open(file)) {
            return r.readAll();
        }
    }

    @Test
    void aClientPodConnectingToTheClusterIpReachesAnEndpoint() throws Exception {
        byte[] synBytes = PacketCodec.encode(syn("10.244.0.2", 40000, "10.96.0.10", 80));
        Packet udp = new Packet(ETH, Ipv4Header.of(IpProtocol.UDP, Ip4.parse("10.244.0.2"), Ip4.parse("10.244.0.3"), 8),
                new UdpHeader(40001, 9999), Payload.Data.ascii("nobody listens"));
        List<CapturedFrame> frames = write(LinkType.ETHERNET, new long[] {T0, T0 + 1_000_000_000L, T0 + 1_500_000_000L},
                synBytes, ARP, PacketCodec.encode(udp));
        long before = cluster.backlog().clock().nanos();
        ReplayReport r = new Replayer(cluster).replay("in.pcap", frames, ReplayPoint.resolve(cluster, "default/client"));

        assertThat(r.socket()).isTrue();
        assertThat(r.packets()).hasSize(3);
        ReplayedPacket syn = r.packets().get(0);
        assertThat(syn.summary()).isEqualTo("10.244.0.2.40000 > 10.96.0.10.80: tcp [S]");
        assertThat(syn.outcome().disposition()).isEqualTo(Disposition.DELIVERED);
        assertThat(syn.outcome().host()).startsWith("default/web-");
        assertThat(syn.hops()).extracting(h -> h.host()).startsWith("default/client", "node-a");
        assertThat(syn.notes()).isEmpty();

        ReplayedPacket arp = r.packets().get(1);
        assertThat(arp.outcome()).isNull();
        assertThat(arp.skipped()).isEqualTo("unsupported ethertype 0x0806 at byte offset 12");
        assertThat(arp.summary()).isEqualTo("ETHERNET frame of 42 bytes");

        ReplayedPacket closed = r.packets().get(2);
        assertThat(closed.outcome().disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(closed.outcome().host()).isEqualTo("default/web-a");
        // the clock moved by the capture's 1.5 s, plus the link crossings
        assertThat(cluster.backlog().clock().nanos() - before).isBetween(1_500_000_000L, 1_500_100_000L);

        String text = ReplayText.render(r, false);
        assertThat(text).startsWith("kdp replay in.pcap at default/client (sent from its socket)\n"
                + "scenario default, kube-proxy iptables mode, 3 frames\n\n"
                + "   1 10.244.0.2.40000 > 10.96.0.10.80: tcp [S]  => DELIVERED at " + syn.outcome().host() + "\n"
                + "   2 ETHERNET frame of 42 bytes  => skipped: unsupported ethertype 0x0806 at\n"
                + "       byte offset 12\n"
                + "   3 10.244.0.2.40001 > 10.244.0.3.9999: udp len 14  => REJECTED at\n"
                + "       default/web-a\n\n");
        assertThat(text).endsWith("\n3 frames: 1 DELIVERED, 1 REJECTED, 1 skipped\n");
        assertThat(ReplayText.render(r, true)).contains("DNAT 10.96.0.10:80 -> 10.244.", "=> DELIVERED at default/web-");
        assertThat(ReplayText.render(r, true).lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void onAnInterfaceTheDestinationMacIsRewrittenAndSaidSo() throws Exception {
        byte[] syn = PacketCodec.encode(syn("192.168.49.100", 50000, "10.96.0.10", 80));
        ReplayPoint at = ReplayPoint.resolve(cluster, "node-a/eth0");
        ReplayReport r = new Replayer(cluster).replay("in.pcap", write(LinkType.ETHERNET, new long[] {T0}, syn), at);
        ReplayedPacket p = r.packets().get(0);
        assertThat(r.socket()).isFalse();
        assertThat(p.notes()).containsExactly("dst MAC 02:00:00:00:00:02 rewritten to " + at.device().mac()
                + " (eth0's), else the kernel discards it as PACKET_OTHERHOST");
        assertThat(p.outcome().disposition()).isEqualTo(Disposition.DELIVERED);
        assertThat(p.hops().get(0).steps().get(0).text()).startsWith("rx eth0  192.168.49.100.50000 > 10.96.0.10.80");
    }

    @Test
    void rawIpFramesGetAnEthernetHeaderAddressedToTheInterface() throws Exception {
        byte[] raw = PacketCodec.encode(syn("192.168.49.100", 50000, "10.96.0.10", 80).withEthernet(null));
        ReplayPoint at = ReplayPoint.resolve(cluster, "node-a/eth0");
        ReplayedPacket p = new Replayer(cluster).replay("in.pcap", write(LinkType.RAW, new long[] {T0}, raw), at).packets().get(0);
        assertThat(p.notes()).containsExactly("Ethernet header added: dst " + at.device().mac() + " (eth0), src 00:00:00:00:00:00");
        assertThat(p.outcome().disposition()).isEqualTo(Disposition.DELIVERED);
    }

    @Test
    void replayPointsNameWhatExists() {
        assertThat(ReplayPoint.resolve(cluster, "client").socket()).isTrue();
        assertThat(ReplayPoint.resolve(cluster, "node-b").ns().name()).isEqualTo("node-b");
        assertThat(ReplayPoint.resolve(cluster, "default/client/eth0").device().name()).isEqualTo("eth0");
        assertThat(ReplayPoint.resolve(cluster, "underlay/port1").ns().name()).isEqualTo("underlay");
        assertThatThrownBy(() -> ReplayPoint.resolve(cluster, "node-z/eth0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--at node-z/eth0: no pod, node or HOST/IFACE of that name (pods: default/client, default/web-a, default/web-b, "
                        + "default/web-c; nodes: node-a, node-b, node-c; interfaces as HOST/IFACE, e.g. node-a/eth0)");
        assertThatThrownBy(() -> ReplayPoint.resolve(cluster, "node-a/eth9"))
                .hasMessage("--at node-a/eth9: node-a has no interface eth9 (it has lo, eth0, vethce2a28d0, veth874b1069)");
    }
}
