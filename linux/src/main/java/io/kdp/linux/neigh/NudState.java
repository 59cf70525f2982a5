package io.kdp.linux.neigh;

/** Neighbour (ARP) entry states, include/uapi/linux/neighbour.h NUD_*, printed upper-case by {@code ip neigh}. */
public enum NudState {
    NONE(0x00), INCOMPLETE(0x01), REACHABLE(0x02), STALE(0x04), DELAY(0x08), PROBE(0x10), FAILED(0x20), NOARP(0x40),
    PERMANENT(0x80);

    private final int bits;

    NudState(int bits) {
        this.bits = bits;
    }

    /** The NUD_* bit. */
    public int bits() {
        return bits;
    }

    /** NUD_VALID: the entry has a usable link-layer address. */
    public boolean isValid() {
        return this == REACHABLE || this == STALE || this == DELAY || this == PROBE || this == NOARP || this == PERMANENT;
    }

    /** The lower-case name {@code ip neigh add ... nud STATE} accepts; null if none matches. */
    public static NudState parse(String s) {
        return switch (s) {
            case "permanent" -> PERMANENT;
            case "reachable" -> REACHABLE;
            case "stale" -> STALE;
            case "noarp" -> NOARP;
            case "none" -> NONE;
            case "incomplete" -> INCOMPLETE;
            case "delay" -> DELAY;
            case "probe" -> PROBE;
            case "failed" -> FAILED;
            default -> null;
        };
    }
}
