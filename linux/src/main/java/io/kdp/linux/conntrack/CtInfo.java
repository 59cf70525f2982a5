package io.kdp.linux.conntrack;

/** enum ip_conntrack_info: how a packet relates to its conntrack entry. */
public enum CtInfo {
    ESTABLISHED, RELATED, NEW, ESTABLISHED_REPLY, RELATED_REPLY;

    public boolean isReply() {
        return this == ESTABLISHED_REPLY || this == RELATED_REPLY;
    }

    /** The state name {@code -m conntrack --ctstate} and {@code -m state} match. */
    public String ctstate() {
        return switch (this) {
            case NEW -> "NEW";
            case ESTABLISHED, ESTABLISHED_REPLY -> "ESTABLISHED";
            case RELATED, RELATED_REPLY -> "RELATED";
        };
    }
}
