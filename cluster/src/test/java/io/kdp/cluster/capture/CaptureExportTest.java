package io.kdp.cluster.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.packet.pcap.CaptureReader;
import io.kdp.packet.pcap.CapturedFrame;
import io.kdp.packet.pcap.LinkType;
import io.kdp.packet.pcap.PcapReader;
import io.kdp.packet.pcap.PcapngReader;
import io.kdp.packet.wire.PacketCodec;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pcapng, classic pcap and per-interface exports of the default showcase, read back. */
class CaptureExportTest {
    static TraceCapture capture;

    @TempDir
    Path dir;

    @BeforeAll
    static void traceDefault() throws Exception {
        capture = Showcase.capture("default", 1);
    }

    @Test
    void pcapngKeepsInterfacesTimestampsCommentsAndBytes() throws Exception {
        Path file = dir.resolve("t.pcapng");
        assertThat(PcapngExport.write(capture, file, "kdp 0.1.0")).isEqualTo(40);
        try (InputStream in = Files.newInputStream(file)) {
            PcapngReader r = new PcapngReader(in, file.toString());
            List<CapturedFrame> frames = r.readAll();
            assertThat(r.userAppl()).isEqualTo("kdp 0.1.0");
            assertThat(r.sectionComment()).isEqualTo("scenario default: default/client -> svc/default/web:http");
            assertThat(frames).hasSize(40);
            for (int i = 0; i < frames.size(); i++) {
                TraceFrame want = capture.frames().get(i);
                CapturedFrame got = frames.get(i);
                assertThat(got.interfaceName()).isEqualTo(want.iface().name());
                assertThat(got.interfaceId()).isEqualTo(capture.interfaces().indexOf(want.iface()));
                assertThat(got.linkType()).isEqualTo(LinkType.ETHERNET);
                assertThat(got.timestampNanos()).isEqualTo(want.timestampNanos());
                assertThat(got.comment()).isEqualTo(want.comment());
                assertThat(got.data()).isEqualTo(PacketCodec.encode(want.frame()));
                assertThat(PacketCodec.decode(got.data(), LinkType.ETHERNET)).isEqualTo(want.frame());
            }
        }
        // the interface blocks say nanoseconds: if_tsresol (code 9, length 1) = 9
        byte[] bytes = Files.readAllBytes(file);
        assertThat(indexOf(bytes, new byte[] {9, 0, 1, 0, 9, 0, 0, 0})).isPositive();
    }

    @Test
    void classicPcapIsOneEthernetFileInMicroseconds() throws Exception {
        Path file = dir.resolve("t.pcap");
        assertThat(PcapExport.write(capture, file)).isEqualTo(40);
        ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(file), 0, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(head.getInt(0)).isEqualTo(0xa1b2c3d4); // tcpdump's default: microseconds
        assertThat(head.getInt(20)).isEqualTo(1); // LINKTYPE_ETHERNET
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r).isInstanceOf(PcapReader.class);
            List<CapturedFrame> frames = r.readAll();
            assertThat(frames).hasSize(40);
            for (int i = 0; i < 40; i++) {
                TraceFrame want = capture.frames().get(i);
                assertThat(frames.get(i).data()).isEqualTo(PacketCodec.encode(want.frame()));
                assertThat(frames.get(i).timestampNanos()).isEqualTo(want.timestampNanos() / 1000 * 1000);
                assertThat(frames.get(i).comment()).isNull();
            }
        }
    }

    @Test
    void pcapDirHoldsOneFilePerInterfaceWithOnlyItsFrames() throws Exception {
        List<Path> files = PcapExport.writePerInterface(capture, dir.resolve("caps"));
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "default_client_eth0.pcap", "node-a_vethce2a28d0.pcap", "node-a_eth0.pcap", "underlay_port1.pcap",
                "underlay_port2.pcap", "node-b_eth0.pcap", "node-b_vethdd2d823c.pcap", "default_web-b_eth0.pcap");
        int total = 0;
        for (int i = 0; i < files.size(); i++) {
            CaptureInterface itf = capture.interfaces().get(i);
            try (CaptureReader r = CaptureReader.open(files.get(i))) {
                List<CapturedFrame> frames = r.readAll();
                List<TraceFrame> want = capture.framesOn(itf);
                assertThat(frames).hasSize(want.size());
                for (int k = 0; k < frames.size(); k++) assertThat(frames.get(k).data()).isEqualTo(PacketCodec.encode(want.get(k).frame()));
                total += frames.size();
            }
        }
        assertThat(total).isEqualTo(40);
        // node-a/eth0 sees each of the 5 packets once: SYN, ACK and request leaving, SYN-ACK and reply arriving
        try (CaptureReader r = CaptureReader.open(dir.resolve("caps/node-a_eth0.pcap"))) {
            assertThat(r.readAll()).hasSize(5);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
