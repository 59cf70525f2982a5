package io.kdp.packet.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a classic pcap file in either byte order, with microsecond (0xa1b2c3d4, tcpdump's default) or
 * nanosecond (0xa1b23c4d) timestamps. Frames carry interface id 0 and no interface name.
 */
public final class PcapReader implements CaptureReader {
    private static final int SWAPPED_MICROS = 0xd4c3b2a1, SWAPPED_NANOS = 0x4d3cb2a1;

    private final BlockInput in;
    private final ByteOrder order;
    private final int nanosPerUnit;
    private final LinkType linkType;
    private final int snaplen;

    public PcapReader(InputStream stream, String source) throws IOException {
        this.in = new BlockInput(stream, source);
        ByteBuffer h = in.read(24, ByteOrder.BIG_ENDIAN, "pcap global header", false);
        int magic = h.getInt(0);
        order = magic == SWAPPED_MICROS || magic == SWAPPED_NANOS ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        if (!isMagic(magic)) throw new CaptureFormatException(source, 0, String.format("bad pcap magic 0x%08x", magic));
        nanosPerUnit = magic == TimestampResolution.NANOSECONDS.magic() || magic == SWAPPED_NANOS ? 1 : 1000;
        h.order(order);
        int major = h.getShort(4);
        if (major != 2) throw new CaptureFormatException(source, 4, "unsupported pcap version " + major + "." + h.getShort(6));
        snaplen = h.getInt(16);
        int network = h.getInt(20) & 0xffff; // the upper bits may hold FCS information
        try {
            linkType = LinkType.of(network);
        } catch (IllegalArgumentException e) {
            throw new CaptureFormatException(source, 20, e.getMessage());
        }
    }

    static boolean isMagic(int bigEndianMagic) {
        return bigEndianMagic == TimestampResolution.MICROSECONDS.magic() || bigEndianMagic == TimestampResolution.NANOSECONDS.magic()
                || bigEndianMagic == SWAPPED_MICROS || bigEndianMagic == SWAPPED_NANOS;
    }

    public LinkType linkType() {
        return linkType;
    }

    public int snaplen() {
        return snaplen;
    }

    @Override
    public CapturedFrame next() throws IOException {
        long at = in.offset();
        ByteBuffer r = in.read(16, order, "pcap record header", true);
        if (r == null) return null;
        long sec = r.getInt(0) & 0xffff_ffffL;
        long frac = r.getInt(4) & 0xffff_ffffL;
        int caplen = r.getInt(8);
        if (caplen < 0 || caplen > Math.max(snaplen, PcapWriter.SNAPLEN)) {
            throw new CaptureFormatException(in.source, at + 8, "record length " + Integer.toUnsignedString(caplen) + " exceeds the snaplen");
        }
        byte[] data = in.read(caplen, order, "pcap record data", false).array();
        return new CapturedFrame(0, null, linkType, sec * 1_000_000_000L + frac * nanosPerUnit, data, null);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
