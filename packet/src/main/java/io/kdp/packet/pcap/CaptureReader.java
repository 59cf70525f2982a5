package io.kdp.packet.pcap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads frames from a pcap or pcapng file, one at a time. */
public interface CaptureReader extends Closeable {
    /** The next frame, or null at the end of the file. */
    CapturedFrame next() throws IOException;

    /** All remaining frames. */
    default List<CapturedFrame> readAll() throws IOException {
        List<CapturedFrame> frames = new ArrayList<>();
        for (CapturedFrame f = next(); f != null; f = next()) frames.add(f);
        return frames;
    }

    /**
     * Opens a capture file, telling classic pcap (either byte order, microsecond or nanosecond magic)
     * from pcapng by its first four bytes.
     *
     * @throws CaptureFormatException when the file starts with neither format's magic number
     */
    static CaptureReader open(Path path) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            in.mark(4);
            byte[] magic = in.readNBytes(4);
            in.reset();
            String source = path.toString();
            if (magic.length == 4) {
                int be = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
                if (be == PcapngWriter.SHB) return new PcapngReader(in, source);
                if (PcapReader.isMagic(be)) return new PcapReader(in, source);
            }
            throw new CaptureFormatException(source, 0, "not a pcap or pcapng file (magic " + hex(magic) + ")");
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x & 0xff));
        return sb.length() == 0 ? "missing" : sb.toString();
    }
}
