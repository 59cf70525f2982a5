package io.kdp.linux.neigh;

/** State of a forwarding database entry, as {@code bridge fdb show} ends its line. */
public enum FdbState {
    /** NUD_PERMANENT: local or {@code bridge fdb add ... permanent}; never ages. */
    PERMANENT("permanent"),
    /** NUD_NOARP: {@code bridge fdb add ... static}; never ages. */
    STATIC("static"),
    /** Learned (NUD_REACHABLE); ages out after the bridge's ageing time. Prints as nothing. */
    DYNAMIC("");

    private final String text;

    FdbState(String text) {
        this.text = text;
    }

    /** The word {@code bridge fdb show} prints, empty for dynamic entries. */
    public String text() {
        return text;
    }
}
