package io.kdp.packet.pcap;

import static io.kdp.packet.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kdp.packet.Hex;
import io.kdp.packet.SamplePackets;
import io.kdp.packet.wire.PacketCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected files were built by hand with an independent Python struct script. */
class PcapngTest {
    static final long TS = 1_700_000_000_123_456_789L;

    /** SHB (shb_comment "demo", shb_userappl "kdp 0.1.0"), IDB (RAW, "node-a/eth0", "uplink", tsresol 9), EPB ("c1"). */
    static final String SMALL_LE = ""
            + "0a0d0d0a 38000000 4d3c2b1a 0100 0000 ffffffffffffffff"
            + " 0100 0400 64656d6f  0400 0900 6b647020302e312e30000000  0000 0000 38000000"
            + "01000000 3c000000 6500 0000 00000400"
            + " 0200 0b00 6e6f64652d612f6574683000  0300 0600 75706c696e6b0000  0900 0100 09000000  0000 0000 3c000000"
            + "06000000 34000000 00000000 fe9c9717 15cd853d 05000000 05000000 0102030405000000"
            + " 0100 0200 63310000  0000 0000 34000000";

    /**
     * Big-endian: SHB; IDB ETHERNET "eth0" without if_tsresol (microseconds); an unknown block 0xbad; an
     * empty name resolution block; EPB with two comments; a Simple Packet Block; then a second section
     * whose RAW IDB has if_tsresol 0x8a (2^-10 s) and one EPB at 5.5 s.
     */
    static final String BIG_ENDIAN = "0a0d0d0a0000001c1a2b3c4d00010000ffffffffffffffff0000001c"
            + "000000010000002000010000000400000002000465746830000000000000002000000bad0000001001020304000000100000000400000010000000000000001000000006000000380000000000060a24182022400000000300000003aabbcc00000100036f6e65000001000374776f0000000000000000380000000300000014000000031122330000000014"
            + "0a0d0d0a0000001c1a2b3c4d00010000ffffffffffffffff0000001c00000001000000200065000000040000000900018a00000000000000000000200000000600000024000000000000000000001600000000010000000101000000000000" + "24";

    @Test
    void writesExactBlocks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(out, "kdp 0.1.0", "demo")) {
            assertThat(w.addInterface("node-a/eth0", LinkType.RAW, "uplink")).isZero();
            w.write(0, TS, bytes("0102030405"), "c1");
        }
        assertThat(Hex.of(out.toByteArray())).isEqualTo(Hex.of(bytes(SMALL_LE)));
    }

    @Test
    void readsTheSmallFileBack() throws IOException {
        PcapngReader r = new PcapngReader(new ByteArrayInputStream(bytes(SMALL_LE)), "small.pcapng");
        assertThat(r.readAll()).containsExactly(new CapturedFrame(0, "node-a/eth0", LinkType.RAW, TS, bytes("0102030405"), "c1"));
        assertThat(r.sectionComment()).isEqualTo("demo");
        assertThat(r.userAppl()).isEqualTo("kdp 0.1.0");
    }

    @Test
    void readsBigEndianSectionsResolutionsAndSkipsUnknownBlocks() throws IOException {
        List<CapturedFrame> frames = new PcapngReader(new ByteArrayInputStream(bytes(BIG_ENDIAN)), "be.pcapng").readAll();
        assertThat(frames).containsExactly(
                new CapturedFrame(0, "eth0", LinkType.ETHERNET, 1_700_000_000_123_456_000L, bytes("aabbcc"), "one\ntwo"),
                new CapturedFrame(0, "eth0", LinkType.ETHERNET, 0, bytes("112233"), null),
                new CapturedFrame(0, null, LinkType.RAW, 5_500_000_000L, bytes("01"), null));
    }

    @Test
    void roundTripsSeveralInterfacesThroughAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cap.pcapng");
        byte[] syn = PacketCodec.encode(SamplePackets.tcpSyn());
        byte[] ipip = PacketCodec.encode(SamplePackets.ipip());
        byte[] big = new byte[70_000]; // longer than the 4 KiB initial block buffer
        try (PcapngWriter w = PcapngWriter.create(file, "kdp test", "scenario: two nodes")) {
            int a = w.addInterface("node-a/eth0", LinkType.ETHERNET, null);
            int b = w.addInterface("default/client/eth0", LinkType.ETHERNET, "pod veth");
            int t = w.addInterface("node-a/tunl0", LinkType.RAW, null);
            w.write(b, 1, syn, "client sends SYN");
            w.write(a, 2_000_000_001L, syn, null);
            w.write(t, Long.MAX_VALUE, ipip, "é ünïcode");
            w.write(a, 3, big, "");
        }
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r).isInstanceOf(PcapngReader.class);
            assertThat(r.readAll()).containsExactly(
                    new CapturedFrame(1, "default/client/eth0", LinkType.ETHERNET, 1, syn, "client sends SYN"),
                    new CapturedFrame(0, "node-a/eth0", LinkType.ETHERNET, 2_000_000_001L, syn, null),
                    new CapturedFrame(2, "node-a/tunl0", LinkType.RAW, Long.MAX_VALUE, ipip, "é ünïcode"),
                    new CapturedFrame(0, "node-a/eth0", LinkType.ETHERNET, 3, big, ""));
        }
    }

    @Test
    void rejectsPacketsForUndeclaredInterfaces() throws IOException {
        PcapngWriter w = new PcapngWriter(new ByteArrayOutputStream(), "kdp", null);
        assertThatThrownBy(() -> w.write(0, 1, new byte[1], null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interface 0 was not added (0 interfaces)");
    }

    @Test
    void namesFileAndOffsetOfBadInput(@TempDir Path dir) throws IOException {
        byte[] small = bytes(SMALL_LE);
        Path truncated = Files.write(dir.resolve("t.pcapng"), java.util.Arrays.copyOf(small, small.length - 10));
        try (CaptureReader r = CaptureReader.open(truncated)) {
            assertThatThrownBy(r::readAll).isInstanceOf(CaptureFormatException.class)
                    .hasMessage(truncated + ": file ends inside block of type 6 (34 of 44 bytes) at byte offset 158");
        }
        byte[] badIf = small.clone();
        badIf[124] = 7; // EPB interface id
        Path bad = Files.write(dir.resolve("b.pcapng"), badIf);
        try (CaptureReader r = CaptureReader.open(bad)) {
            assertThatThrownBy(r::readAll).hasMessage(bad + ": packet refers to interface 7 but the section declares 1 at byte offset 124");
        }
        Path junk = Files.write(dir.resolve("junk.txt"), "hello".getBytes());
        assertThatThrownBy(() -> CaptureReader.open(junk)).isInstanceOf(CaptureFormatException.class)
                .hasMessage(junk + ": not a pcap or pcapng file (magic 68656c6c) at byte offset 0");
    }
}
