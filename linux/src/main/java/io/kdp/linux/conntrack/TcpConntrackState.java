package io.kdp.linux.conntrack;

/** TCP tracking state of one connection (struct ip_ct_tcp with its two struct ip_ct_tcp_state). */
final class TcpConntrackState {
    // IP_CT_TCP_FLAG_* (include/uapi/linux/netfilter/nf_conntrack_tcp.h) and the private last_flags bits
    static final int FLAG_WINDOW_SCALE = 0x01;
    static final int FLAG_SACK_PERM = 0x02;
    static final int FLAG_CLOSE_INIT = 0x04;
    static final int FLAG_BE_LIBERAL = 0x08;
    static final int FLAG_DATA_UNACKNOWLEDGED = 0x10;
    static final int FLAG_MAXACK_SET = 0x20;
    static final int EXP_CHALLENGE_ACK = 0x40;
    static final int SIMULTANEOUS_OPEN = 0x80;

    /** One direction's window data (struct ip_ct_tcp_state); sequence numbers are u32 kept in ints. */
    static final class Window {
        int tdEnd;
        int tdMaxend;
        int tdMaxwin;
        int tdMaxack;
        int tdScale;
        int flags;

        /** nf_ct_tcp_state_reset. */
        void reset() {
            tdEnd = tdMaxend = tdMaxwin = tdMaxack = tdScale = 0;
            flags &= FLAG_BE_LIBERAL;
        }
    }

    final Window[] seen = {new Window(), new Window()};
    TcpState state = TcpState.NONE;
    int lastDir;
    int lastIndex;
    int lastSeq;
    int lastAck;
    int lastEnd;
    int lastWin;
    int lastWscale;
    int lastFlags;
    int retrans;

    /** memset(&ct->proto.tcp, 0, ...). */
    void clear() {
        seen[0] = new Window();
        seen[1] = new Window();
        state = TcpState.NONE;
        lastDir = lastIndex = lastSeq = lastAck = lastEnd = lastWin = lastWscale = lastFlags = retrans = 0;
    }
}
