package io.kdp.linux.conntrack;

/**
 * What a protocol tracker decided for a packet (the sign conventions of nf_conntrack_handle_packet):
 * accept with the entry attached, refuse (the packet becomes INVALID), or ask the core to kill the
 * entry and look the packet up again (-NF_REPEAT, a SYN reopening a closed connection).
 *
 * @param reason why the packet was ignored or refused, as the kernel logs it (null when accepted)
 */
record TrackResult(Kind kind, String reason) {
    enum Kind { ACCEPT, INVALID, REPEAT }

    static final TrackResult ACCEPT = new TrackResult(Kind.ACCEPT, null);
    static final TrackResult REPEAT = new TrackResult(Kind.REPEAT, null);

    static TrackResult invalid(String reason) {
        return new TrackResult(Kind.INVALID, reason);
    }

    /** Accepted without updating state (the tracker ignored it). */
    static TrackResult ignored(String reason) {
        return new TrackResult(Kind.ACCEPT, reason);
    }
}
