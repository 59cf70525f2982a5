package io.kdp.linux.conntrack;

/** {@code enum ip_conntrack_dir}: which way a packet travels relative to the connection's first packet. */
public enum CtDirection {
    ORIGINAL, REPLY;

    public CtDirection other() {
        return this == ORIGINAL ? REPLY : ORIGINAL;
    }

    /** CTINFO2DIR. */
    public static CtDirection of(CtInfo info) {
        return info.isReply() ? REPLY : ORIGINAL;
    }
}
