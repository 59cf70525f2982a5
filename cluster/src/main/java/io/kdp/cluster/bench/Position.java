package io.kdp.cluster.bench;

import java.util.Locale;

/** Which Service a packet goes to: the first or the last in the proxy's tables. */
public enum Position {
    FIRST, LAST;

    /** {@code first} or {@code last}, as the results print it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
