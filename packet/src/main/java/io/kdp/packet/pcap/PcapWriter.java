package io.kdp.packet.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap file (the tcpdump/libpcap format, version 2.4), little-endian as tcpdump
 * writes it on x86, one link type per file, snaplen {@value #SNAPLEN}. Pure Java: no libpcap.
 * Frames are taken as already-encoded bytes so bulk capture pays for encoding only once.
 */
public final class PcapWriter implements Closeable {
    /** tcpdump's default snapshot length (MAXIMUM_SNAPLEN). */
    public static final int SNAPLEN = 262144;

    private final OutputStream out;
    private final TimestampResolution resolution;
    private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);

    /** Writes the global header at once. */
    public PcapWriter(OutputStream out, LinkType linkType, TimestampResolution resolution) throws IOException {
        this.out = out;
        this.resolution = resolution;
        header.putInt(resolution.magic()).putShort((short) 2).putShort((short) 4)
                .putInt(0) // thiszone: timestamps are UTC
                .putInt(0) // sigfigs
                .putInt(SNAPLEN).putInt(linkType.code());
        out.write(header.array(), 0, 24);
    }

    /** A nanosecond-resolution file at {@code path}. */
    public static PcapWriter create(Path path, LinkType linkType) throws IOException {
        return create(path, linkType, TimestampResolution.NANOSECONDS);
    }

    public static PcapWriter create(Path path, LinkType linkType, TimestampResolution resolution) throws IOException {
        return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), linkType, resolution);
    }

    /** Appends one frame captured at {@code timestampNanos} since the epoch; frames beyond the snaplen are cut. */
    public void write(long timestampNanos, byte[] frame) throws IOException {
        if (timestampNanos < 0) throw new IllegalArgumentException("negative timestamp " + timestampNanos);
        int caplen = Math.min(frame.length, SNAPLEN);
        header.clear();
        header.putInt((int) (timestampNanos / 1_000_000_000L))
                .putInt((int) (timestampNanos % 1_000_000_000L / resolution.nanosPerUnit()))
                .putInt(caplen).putInt(frame.length);
        out.write(header.array(), 0, 16);
        out.write(frame, 0, caplen);
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
