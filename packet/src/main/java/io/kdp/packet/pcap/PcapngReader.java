package io.kdp.packet.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pcapng file: Section Header Blocks (either byte order; several sections allowed),
 * Interface Description Blocks ({@code if_name}, {@code if_tsresol} in powers of 10 or 2, absent =
 * microseconds, {@code if_tsoffset}), Enhanced Packet Blocks (with {@code opt_comment}) and Simple
 * Packet Blocks. Other block types (name resolution, statistics, custom...) are skipped.
 */
public final class PcapngReader implements CaptureReader {
    private static final int SPB = 0x00000003;

    private final BlockInput in;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private final List<Interface> interfaces = new ArrayList<>();
    private String sectionComment;
    private String userAppl;

    private record Interface(String name, LinkType linkType, boolean decimal, int exponent, long offsetSeconds) {
        long toNanos(long ts) {
            long nanos;
            if (decimal && exponent <= 9) {
                nanos = ts * pow10(9 - exponent);
            } else if (decimal) {
                nanos = ts / pow10(exponent - 9);
            } else {
                nanos = BigInteger.valueOf(ts).multiply(BigInteger.valueOf(1_000_000_000L)).shiftRight(exponent).longValueExact();
            }
            return nanos + offsetSeconds * 1_000_000_000L;
        }
    }

    public PcapngReader(InputStream stream, String source) throws IOException {
        this.in = new BlockInput(stream, source);
    }

    /** The {@code shb_comment} of the section read last, or null. */
    public String sectionComment() {
        return sectionComment;
    }

    /** The {@code shb_userappl} of the section read last, or null. */
    public String userAppl() {
        return userAppl;
    }

    @Override
    public CapturedFrame next() throws IOException {
        while (true) {
            long at = in.offset();
            ByteBuffer head = in.read(8, order, "block header", true);
            if (head == null) return null;
            int type = head.getInt(0);
            if (type == PcapngWriter.SHB) {
                readSectionHeader(at, head);
                continue;
            }
            if (at == 0) throw new CaptureFormatException(in.source, 0, "pcapng file does not start with a Section Header Block");
            int total = head.getInt(4);
            if (total < 12 || (total & 3) != 0) {
                throw new CaptureFormatException(in.source, at + 4, "bad block total length " + Integer.toUnsignedString(total));
            }
            ByteBuffer body = in.read(total - 8, order, "block of type " + type, false);
            checkTrailer(at, body, total);
            switch (type) {
                case PcapngWriter.IDB -> readInterface(at, body, total);
                case PcapngWriter.EPB -> {
                    return enhancedPacket(at, body, total);
                }
                case SPB -> {
                    return simplePacket(at, body);
                }
                default -> { } // unknown or uninteresting block: skipped
            }
        }
    }

    private void readSectionHeader(long at, ByteBuffer head) throws IOException {
        ByteBuffer magic = in.read(4, ByteOrder.BIG_ENDIAN, "section header", false);
        int m = magic.getInt(0);
        if (m == PcapngWriter.BYTE_ORDER_MAGIC) order = ByteOrder.BIG_ENDIAN;
        else if (Integer.reverseBytes(m) == PcapngWriter.BYTE_ORDER_MAGIC) order = ByteOrder.LITTLE_ENDIAN;
        else throw new CaptureFormatException(in.source, at + 8, String.format("bad byte-order magic 0x%08x", m));
        int total = head.order(order).getInt(4);
        if (total < 28 || (total & 3) != 0) throw new CaptureFormatException(in.source, at + 4, "bad section header length " + total);
        ByteBuffer body = in.read(total - 12, order, "section header", false);
        int major = body.getShort(0);
        if (major != 1) throw new CaptureFormatException(in.source, at + 12, "unsupported pcapng version " + major);
        if (body.getInt(total - 16) != total) throw new CaptureFormatException(in.source, at + total - 4, "section header trailer length differs from " + total);
        interfaces.clear();
        sectionComment = null;
        userAppl = null;
        for (Option o : options(body, 12, total - 16, at + 12)) {
            if (o.code == PcapngWriter.OPT_COMMENT) sectionComment = o.text();
            else if (o.code == PcapngWriter.SHB_USERAPPL) userAppl = o.text();
        }
    }

    private void readInterface(long at, ByteBuffer body, int total) throws IOException {
        int code = body.getShort(0) & 0xffff;
        LinkType lt;
        try {
            lt = LinkType.of(code);
        } catch (IllegalArgumentException e) {
            throw new CaptureFormatException(in.source, at + 8, e.getMessage());
        }
        String name = null;
        boolean decimal = true;
        int exponent = 6; // if_tsresol absent: microseconds
        long tsOffset = 0;
        for (Option o : options(body, 8, total - 12, at + 8)) {
            switch (o.code) {
                case PcapngWriter.IF_NAME -> name = o.text();
                case PcapngWriter.IF_TSRESOL -> {
                    int r = o.value[0] & 0xff;
                    decimal = (r & 0x80) == 0;
                    exponent = r & 0x7f;
                    if (!decimal && exponent > 62 || decimal && exponent > 18) {
                        throw new CaptureFormatException(in.source, o.offset, "unsupported if_tsresol " + r);
                    }
                }
                case 14 -> tsOffset = ByteBuffer.wrap(o.value).order(order).getLong(0); // if_tsoffset
                default -> { }
            }
        }
        interfaces.add(new Interface(name, lt, decimal, exponent, tsOffset));
    }

    private CapturedFrame enhancedPacket(long at, ByteBuffer body, int total) throws IOException {
        int id = body.getInt(0);
        Interface itf = iface(id, at + 8);
        long ts = ((body.getInt(4) & 0xffff_ffffL) << 32) | (body.getInt(8) & 0xffff_ffffL);
        int caplen = body.getInt(12);
        int padded = (caplen + 3) & ~3;
        if (caplen < 0 || 20 + padded > total - 12) throw new CaptureFormatException(in.source, at + 20, "captured length " + caplen + " exceeds the block");
        byte[] data = new byte[caplen];
        body.get(20, data);
        String comment = null;
        for (Option o : options(body, 20 + padded, total - 12, at + 8)) {
            if (o.code == PcapngWriter.OPT_COMMENT) comment = comment == null ? o.text() : comment + "\n" + o.text();
        }
        return new CapturedFrame(id, itf.name, itf.linkType, itf.toNanos(ts), data, comment);
    }

    private CapturedFrame simplePacket(long at, ByteBuffer body) throws IOException {
        Interface itf = iface(0, at);
        int len = body.getInt(0);
        int caplen = Math.min(len, body.capacity() - 8);
        byte[] data = new byte[caplen];
        body.get(4, data);
        return new CapturedFrame(0, itf.name, itf.linkType, 0, data, null);
    }

    private Interface iface(int id, long offset) throws CaptureFormatException {
        if (id < 0 || id >= interfaces.size()) {
            throw new CaptureFormatException(in.source, offset, "packet refers to interface " + id + " but the section declares " + interfaces.size());
        }
        return interfaces.get(id);
    }

    private void checkTrailer(long at, ByteBuffer body, int total) throws CaptureFormatException {
        if (body.getInt(total - 12) != total) {
            throw new CaptureFormatException(in.source, at + total - 4, "block trailer length " + body.getInt(total - 12) + " differs from " + total);
        }
    }

    private record Option(int code, byte[] value, long offset) {
        String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    /** Options in body[from, to); {@code base} is the file offset of body[0]. */
    private List<Option> options(ByteBuffer body, int from, int to, long base) throws CaptureFormatException {
        List<Option> list = new ArrayList<>(2);
        int p = from;
        while (p + 4 <= to) {
            int code = body.getShort(p) & 0xffff, len = body.getShort(p + 2) & 0xffff;
            if (code == PcapngWriter.OPT_END) break;
            if (p + 4 + len > to) throw new CaptureFormatException(in.source, base + p, "option " + code + " of length " + len + " overruns its block");
            byte[] v = new byte[len];
            body.get(p + 4, v);
            list.add(new Option(code, v, base + p));
            p += 4 + ((len + 3) & ~3);
        }
        return list;
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) v *= 10;
        return v;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
