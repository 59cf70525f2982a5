package io.kdp.packet.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a pcapng file (draft-ietf-opsawg-pcapng) in little-endian byte order: one Section Header
 * Block with {@code shb_userappl} and an optional {@code shb_comment}, one Interface Description Block
 * per interface ({@code if_name}, optional {@code if_description}, {@code if_tsresol} = 9, i.e.
 * nanoseconds), and one Enhanced Packet Block per frame with an optional {@code opt_comment}. Every
 * block and option is padded to 32 bits and ends with its total length. Pure Java: no libpcap.
 */
public final class PcapngWriter implements Closeable {
    static final int SHB = 0x0A0D0D0A, IDB = 0x00000001, EPB = 0x00000006, BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int OPT_END = 0, OPT_COMMENT = 1, SHB_USERAPPL = 4, IF_NAME = 2, IF_DESCRIPTION = 3, IF_TSRESOL = 9;

    private final OutputStream out;
    private final List<LinkType> interfaces = new ArrayList<>();
    private ByteBuffer buf = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * Writes the section header at once.
     *
     * @param userAppl the application that wrote the file, e.g. {@code kdp 0.1.0}
     * @param sectionComment a comment for the whole capture (e.g. the scenario name), or null
     */
    public PcapngWriter(OutputStream out, String userAppl, String sectionComment) throws IOException {
        this.out = out;
        begin(SHB);
        buf.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L); // section length unknown
        option(OPT_COMMENT, sectionComment);
        option(SHB_USERAPPL, userAppl);
        endOptionsAndBlock();
    }

    public static PcapngWriter create(Path path, String userAppl, String sectionComment) throws IOException {
        return new PcapngWriter(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), userAppl, sectionComment);
    }

    /**
     * Declares an interface and returns its id for {@link #write}. Ids count from 0 in the order added.
     *
     * @param name the {@code if_name}, e.g. {@code node-a/eth0}
     * @param description the {@code if_description}, or null
     */
    public int addInterface(String name, LinkType linkType, String description) throws IOException {
        if (linkType == LinkType.LINUX_SLL) throw new IllegalArgumentException("kdp writes only ETHERNET or RAW interfaces");
        begin(IDB);
        buf.putShort((short) linkType.code()).putShort((short) 0).putInt(PcapWriter.SNAPLEN);
        option(IF_NAME, name);
        option(IF_DESCRIPTION, description);
        buf.putShort((short) IF_TSRESOL).putShort((short) 1).putInt(9); // 10^-9 s, one byte value + 3 padding
        endOptionsAndBlock();
        interfaces.add(linkType);
        return interfaces.size() - 1;
    }

    /** The link type of an interface added earlier. */
    public LinkType linkType(int interfaceId) {
        return interfaces.get(interfaceId);
    }

    /** Appends an Enhanced Packet Block; frames beyond the snaplen are cut. */
    public void write(int interfaceId, long timestampNanos, byte[] frame, String comment) throws IOException {
        if (interfaceId < 0 || interfaceId >= interfaces.size()) {
            throw new IllegalArgumentException("interface " + interfaceId + " was not added (" + interfaces.size() + " interfaces)");
        }
        if (timestampNanos < 0) throw new IllegalArgumentException("negative timestamp " + timestampNanos);
        int caplen = Math.min(frame.length, PcapWriter.SNAPLEN);
        begin(EPB);
        buf.putInt(interfaceId).putInt((int) (timestampNanos >>> 32)).putInt((int) timestampNanos).putInt(caplen).putInt(frame.length);
        ensure(caplen + 3);
        buf.put(frame, 0, caplen);
        pad();
        option(OPT_COMMENT, comment);
        endOptionsAndBlock();
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void begin(int type) {
        buf.clear();
        buf.putInt(type).putInt(0); // total length patched in endOptionsAndBlock
    }

    private void option(int code, String value) {
        if (value == null) return;
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        if (v.length > 0xffff) throw new IllegalArgumentException("pcapng option longer than 65535 bytes");
        ensure(4 + v.length + 3);
        buf.putShort((short) code).putShort((short) v.length).put(v);
        pad();
    }

    /** Writes opt_endofopt if any option was written, then the trailing total length, and emits the block. */
    private void endOptionsAndBlock() throws IOException {
        ensure(8);
        int fixed = switch (buf.getInt(0)) {
            case SHB -> 24;
            case IDB -> 16;
            default -> 28 + ((buf.getInt(20) + 3) & ~3);
        };
        if (buf.position() > fixed) buf.putShort((short) OPT_END).putShort((short) 0);
        int total = buf.position() + 4;
        buf.putInt(total);
        buf.putInt(4, total);
        out.write(buf.array(), 0, total);
    }

    private void pad() {
        while ((buf.position() & 3) != 0) buf.put((byte) 0);
    }

    private void ensure(int more) {
        if (buf.remaining() >= more) return;
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more + 64)).order(ByteOrder.LITTLE_ENDIAN);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }
}
