package io.kdp.packet.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads fixed-size pieces of a capture file, tracking the file offset for error messages. */
final class BlockInput {
    private final InputStream in;
    final String source;
    private long offset;

    BlockInput(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    long offset() {
        return offset;
    }

    /** Exactly {@code n} bytes in {@code order}, or null at a clean end of file before the first byte. */
    ByteBuffer read(int n, ByteOrder order, String what, boolean endAllowed) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length == 0 && endAllowed) return null;
        if (b.length < n) throw new CaptureFormatException(source, offset + b.length, "file ends inside " + what + " (" + b.length + " of " + n + " bytes)");
        offset += n;
        return ByteBuffer.wrap(b).order(order);
    }

    void close() throws IOException {
        in.close();
    }
}
