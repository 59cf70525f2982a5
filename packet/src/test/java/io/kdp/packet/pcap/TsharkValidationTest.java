package io.kdp.packet.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.packet.Packet;
import io.kdp.packet.RequiredTools;
import io.kdp.packet.SamplePackets;
import io.kdp.packet.VxlanHeader;
import io.kdp.packet.wire.PacketCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's verdict on what the codec and the writers produce: protocol stacks, interface names,
 * comments, and no malformed packet, bad checksum or expert warning/error. tshark exits 0 even for
 * malformed packets, so its output is parsed.
 */
class TsharkValidationTest {
    private static final String[] CHECKSUMS = {"-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-d", "udp.port==8472,vxlan"};

    @TempDir
    Path dir;
    private Path tshark;

    @BeforeEach
    void requireTshark() {
        tshark = RequiredTools.require("tshark", "apt-get install -y tshark");
    }

    @Test
    void pcapngFramesDecodeAsExpected() throws Exception {
        Path file = dir.resolve("all.pcapng");
        Packet syn = SamplePackets.tcpSyn();
        try (PcapngWriter w = PcapngWriter.create(file, "kdp test", "tshark validation")) {
            int client = w.addInterface("default/client/eth0", LinkType.ETHERNET, "pod interface");
            int node = w.addInterface("node-a/eth0", LinkType.ETHERNET, null);
            int tunl = w.addInterface("node-a/tunl0", LinkType.RAW, null);
            long t = 1_700_000_000_000_000_000L;
            w.write(client, t, PacketCodec.encode(syn), "SYN");
            w.write(client, t + 1, PacketCodec.encode(SamplePackets.tcpSynAck()), "SYN-ACK");
            w.write(client, t + 2, PacketCodec.encode(SamplePackets.udp()), "UDP");
            w.write(client, t + 3, PacketCodec.encode(SamplePackets.icmpEcho()), "echo request");
            w.write(client, t + 4, PacketCodec.encode(SamplePackets.portUnreachable()), "port unreachable");
            int sport = PacketCodec.vxlanSourcePort(syn, 0, 0);
            w.write(node, t + 5, PacketCodec.encode(SamplePackets.vxlan(VxlanHeader.IANA_PORT, sport)), "vxlan 4789");
            w.write(node, t + 6, PacketCodec.encode(SamplePackets.vxlan(VxlanHeader.LINUX_DEFAULT_PORT, sport)), "vxlan 8472");
            w.write(node, t + 7, PacketCodec.encode(SamplePackets.geneve()), "geneve");
            w.write(tunl, t + 8, PacketCodec.encode(SamplePackets.ipip()), "ipip");
        }
        List<String> fields = run(args("-r", file.toString(), "-T", "fields", "-E", "separator=|",
                "-e", "frame.number", "-e", "frame.interface_name", "-e", "frame.protocols", "-e", "frame.comment"));
        assertThat(withoutBanner(fields)).containsExactly(
                "1|default/client/eth0|eth:ethertype:ip:tcp|SYN",
                "2|default/client/eth0|eth:ethertype:ip:tcp|SYN-ACK",
                "3|default/client/eth0|eth:ethertype:ip:udp:data|UDP",
                "4|default/client/eth0|eth:ethertype:ip:icmp:data|echo request",
                "5|default/client/eth0|eth:ethertype:ip:icmp:ip:udp:data|port unreachable",
                "6|node-a/eth0|eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:tcp|vxlan 4789",
                "7|node-a/eth0|eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:tcp|vxlan 8472",
                "8|node-a/eth0|eth:ethertype:ip:udp:geneve:eth:ethertype:ip:udp:data|geneve",
                "9|node-a/tunl0|raw:ip:ip:tcp|ipip");

        List<String> expert = run(args("-r", file.toString(), "-q", "-z", "expert"));
        assertThat(expert).noneMatch(l -> l.startsWith("Errors") || l.startsWith("Warns"));
        assertThat(expert).contains("Comments (9)");

        List<String> verbose = run(args("-r", file.toString(), "-V"));
        assertThat(verbose).noneMatch(l -> l.contains("Malformed") || l.contains("[incorrect") || l.contains("Bad]") || l.contains("Expert Info (Warning")
                || l.contains("Expert Info (Error"));
        // Every checksum Wireshark can check, quoted and tunnelled ones included: 2+2+2+2+4+4+4+4+3.
        assertThat(verbose.stream().filter(l -> l.matches("\\s*\\[(Header checksum|Checksum) [Ss]tatus: Good]")).count()).isEqualTo(27);
        // tshark reads the VNI and the if_tsresol-9 timestamps as written.
        assertThat(withoutBanner(run(args("-r", file.toString(), "-Y", "vxlan", "-T", "fields", "-e", "vxlan.vni", "-e", "frame.time_epoch"))))
                .containsExactly("1\t1700000000.000000005", "1\t1700000000.000000006");
    }

    @Test
    void classicPcapIsReadByTshark() throws Exception {
        for (TimestampResolution res : TimestampResolution.values()) {
            Path file = dir.resolve(res + ".pcap");
            try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET, res)) {
                w.write(1_700_000_000_123_456_789L, PacketCodec.encode(SamplePackets.tcpSyn()));
                w.write(1_700_000_001_000_000_000L, PacketCodec.encode(SamplePackets.vxlan(VxlanHeader.IANA_PORT, 40000)));
            }
            String fraction = res == TimestampResolution.NANOSECONDS ? "123456789" : "123456000";
            assertThat(withoutBanner(run(args("-r", file.toString(), "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.protocols"))))
                    .containsExactly("1700000000." + fraction + "\teth:ethertype:ip:tcp",
                            "1700000001.000000000\teth:ethertype:ip:udp:vxlan:eth:ethertype:ip:tcp");
        }
    }

    /** Our reader reads what Wireshark writes: tshark converts our pcap to its own pcapng. */
    @Test
    void readsPcapngWrittenByTshark() throws Exception {
        Path pcap = dir.resolve("in.pcap");
        byte[] syn = PacketCodec.encode(SamplePackets.tcpSyn());
        byte[] udp = PacketCodec.encode(SamplePackets.udp());
        try (PcapWriter w = PcapWriter.create(pcap, LinkType.ETHERNET)) {
            w.write(1_700_000_000_123_456_789L, syn);
            w.write(1_700_000_000_200_000_000L, udp);
        }
        Path out = dir.resolve("out.pcapng");
        run(tshark.toString(), "-r", pcap.toString(), "-F", "pcapng", "-w", out.toString());
        try (CaptureReader r = CaptureReader.open(out)) {
            List<CapturedFrame> frames = r.readAll();
            assertThat(frames).extracting(CapturedFrame::data).containsExactly(syn, udp);
            assertThat(frames).extracting(CapturedFrame::timestampNanos).containsExactly(1_700_000_000_123_456_789L, 1_700_000_000_200_000_000L);
            assertThat(frames).extracting(CapturedFrame::linkType).containsOnly(LinkType.ETHERNET);
        }
    }

    private static List<String> withoutBanner(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("Running as user")).toList();
    }

    private String[] args(String... rest) {
        List<String> a = new ArrayList<>(List.of(tshark.toString(), "-n"));
        a.addAll(List.of(CHECKSUMS));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }
}
