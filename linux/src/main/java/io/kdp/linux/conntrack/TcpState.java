package io.kdp.linux.conntrack;

/**
 * {@code enum tcp_conntrack} with the names {@code conntrack -L} prints (tcp_conntrack_names), and
 * the default timeouts of nf_conntrack_proto_tcp.c ({@code tcp_timeouts}), in seconds.
 */
public enum TcpState {
    NONE(0), SYN_SENT(120), SYN_RECV(60), ESTABLISHED(432_000), FIN_WAIT(120), CLOSE_WAIT(60), LAST_ACK(30),
    TIME_WAIT(120), CLOSE(10), SYN_SENT2(120);

    /** TCP_CONNTRACK_RETRANS: used once retransmissions reach nf_conntrack_tcp_max_retrans. */
    public static final int RETRANS_TIMEOUT = 300;
    /** TCP_CONNTRACK_UNACK: used while data is unacknowledged. */
    public static final int UNACK_TIMEOUT = 300;

    private final int timeoutSeconds;

    TcpState(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The suffix of this state's timeout sysctl ({@code syn_sent}, {@code established}, ...). */
    public String sysctlName() {
        return this == SYN_SENT2 ? "syn_sent" : name().toLowerCase(java.util.Locale.ROOT);
    }

    /** nf_conntrack_tcp_timeout_* default for this state. */
    public int timeoutSeconds() {
        return timeoutSeconds;
    }
}
