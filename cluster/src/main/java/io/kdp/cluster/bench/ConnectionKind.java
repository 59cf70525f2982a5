package io.kdp.cluster.bench;

import java.util.Locale;

/** Whether the measured packet opens a connection (conntrack miss) or belongs to an open one (conntrack hit). */
public enum ConnectionKind {
    NEW, ESTABLISHED;

    /** {@code new} or {@code established}, as the results print it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
