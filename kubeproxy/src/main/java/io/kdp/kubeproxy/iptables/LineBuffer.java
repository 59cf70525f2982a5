package io.kdp.kubeproxy.iptables;

import java.util.List;

/**
 * kube-proxy's {@code proxyutil.LineBuffer}: lines of iptables-restore input, each written as its words joined by
 * single spaces (arguments are written pre-quoted where they contain spaces, as kube-proxy does). The discarding
 * variant counts lines without keeping them (used for the chains a partial sync leaves alone).
 */
final class LineBuffer {
    private final StringBuilder sb;
    private int lines;

    private LineBuffer(boolean keep) {
        this.sb = keep ? new StringBuilder(4096) : null;
    }

    static LineBuffer keeping() {
        return new LineBuffer(true);
    }

    static LineBuffer discarding() {
        return new LineBuffer(false);
    }

    /** Writes one line from words; a {@code List<String>} argument contributes each of its words. */
    void write(Object... words) {
        lines++;
        if (sb == null) return;
        boolean first = true;
        for (Object w : words) {
            if (w instanceof List<?> list) {
                for (Object x : list) {
                    if (!first) sb.append(' ');
                    sb.append(x);
                    first = false;
                }
            } else {
                if (!first) sb.append(' ');
                sb.append(w);
                first = false;
            }
        }
        sb.append('\n');
    }

    /** {@code utiliptables.MakeChainLine}: {@code :CHAIN - [0:0]}. */
    void chain(String name) {
        write(":" + name + " - [0:0]");
    }

    int lines() {
        return lines;
    }

    String text() {
        return sb == null ? "" : sb.toString();
    }
}
