package io.kdp.packet.pcap;

import java.io.IOException;

/** A capture file that is not valid pcap or pcapng; the message names the file and the byte offset. */
public final class CaptureFormatException extends IOException {
    private final long offset;

    public CaptureFormatException(String source, long offset, String what) {
        super(source + ": " + what + " at byte offset " + offset);
        this.offset = offset;
    }

    /** Offset in the file of the offending field. */
    public long offset() {
        return offset;
    }
}
