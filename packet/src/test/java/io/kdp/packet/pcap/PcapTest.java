package io.kdp.packet.pcap;

import static io.kdp.packet.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.packet.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected files were built by hand with an independent Python struct script. */
class PcapTest {
    /** Little-endian, nanosecond magic, RAW, one 5-byte record at 1700000000.123456789. */
    static final String LE_NANOS = "4d3cb2a1 0200 0400 00000000 00000000 00000400 65000000"
            + " 00f15365 15cd5b07 05000000 05000000 0102030405";
    /** Big-endian, microsecond magic, snaplen 65535, ETHERNET, 3 of 60 bytes captured at 1700000000.123456. */
    static final String BE_MICROS = "a1b2c3d4 0002 0004 00000000 00000000 0000ffff 00000001"
            + " 6553f100 0001e240 00000003 0000003c 010203";

    @Test
    void writesNanosecondFilesExactly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, LinkType.RAW, TimestampResolution.NANOSECONDS)) {
            w.write(1_700_000_000_123_456_789L, bytes("0102030405"));
        }
        assertThat(Hex.of(out.toByteArray())).isEqualTo(Hex.of(bytes(LE_NANOS)));
    }

    @Test
    void writesMicrosecondFilesAsTcpdumpDoes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, TimestampResolution.MICROSECONDS)) {
            w.write(1_700_000_000_123_456_789L, bytes("01"));
        }
        assertThat(Hex.of(out.toByteArray())).isEqualTo("d4c3b2a1020004000000000000000000000004000100000000f1536540e20100010000000100000001");
    }

    @Test
    void readsBothByteOrdersAndResolutions() throws IOException {
        assertThat(new PcapReader(new ByteArrayInputStream(bytes(LE_NANOS)), "le").readAll())
                .containsExactly(new CapturedFrame(0, null, LinkType.RAW, 1_700_000_000_123_456_789L, bytes("0102030405"), null));
        PcapReader be = new PcapReader(new ByteArrayInputStream(bytes(BE_MICROS)), "be");
        assertThat(be.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(be.snaplen()).isEqualTo(65535);
        assertThat(be.readAll()).containsExactly(new CapturedFrame(0, null, LinkType.ETHERNET, 1_700_000_000_123_456_000L, bytes("010203"), null));
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws IOException {
        for (TimestampResolution res : TimestampResolution.values()) {
            Path file = dir.resolve(res + ".pcap");
            try (PcapWriter w = PcapWriter.create(file, LinkType.ETHERNET, res)) {
                w.write(5_000_001_000L, bytes("0a0b"));
                w.write(6_999_999_000L, new byte[PcapWriter.SNAPLEN + 10]);
            }
            try (CaptureReader r = CaptureReader.open(file)) {
                assertThat(r).isInstanceOf(PcapReader.class);
                assertThat(r.readAll()).containsExactly(
                        new CapturedFrame(0, null, LinkType.ETHERNET, 5_000_001_000L, bytes("0a0b"), null),
                        new CapturedFrame(0, null, LinkType.ETHERNET, 6_999_999_000L, new byte[PcapWriter.SNAPLEN], null));
            }
        }
    }

    @Test
    void rejectsUnsupportedLinkTypesAndTruncation(@TempDir Path dir) throws IOException {
        byte[] vlan = bytes(BE_MICROS);
        vlan[23] = (byte) 228; // LINKTYPE_IPV4
        Path f = Files.write(dir.resolve("x.pcap"), vlan);
        assertThatThrownBy(() -> CaptureReader.open(f)).isInstanceOf(CaptureFormatException.class)
                .hasMessage(f + ": unsupported link type 228 (supported: 1 ETHERNET, 101 RAW, 113 LINUX_SLL) at byte offset 20");
        byte[] cut = java.util.Arrays.copyOf(bytes(BE_MICROS), 30);
        Path g = Files.write(dir.resolve("cut.pcap"), cut);
        try (CaptureReader r = CaptureReader.open(g)) {
            assertThatThrownBy(r::next).hasMessage(g + ": file ends inside pcap record header (6 of 16 bytes) at byte offset 30");
        }
    }
}
