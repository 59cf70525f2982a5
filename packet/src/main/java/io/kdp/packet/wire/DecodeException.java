package io.kdp.packet.wire;

/**
 * Wire bytes that cannot be decoded into a {@link io.kdp.packet.Packet}: truncated headers, unsupported
 * ethertypes or IP protocols, bad header fields. The message names what was wrong and the byte offset
 * (from the start of the outermost frame) where it was found.
 */
public final class DecodeException extends IllegalArgumentException {
    private final int offset;

    public DecodeException(String what, int offset) {
        super(what + " at byte offset " + offset);
        this.offset = offset;
    }

    /** Offset in the outermost frame of the field that could not be decoded. */
    public int offset() {
        return offset;
    }
}
