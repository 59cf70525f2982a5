package io.kdp.linux.ipvs;

import io.kdp.packet.TcpHeader;

/**
 * IPVS's own TCP connection states and timeouts (ip_vs_proto_tcp.c, tcp_timeouts and tcp_states),
 * separate from conntrack's. A connection counts as active only in ESTABLISHED.
 */
public enum TcpState {
    NONE(2), ESTABLISHED(15 * 60), SYN_SENT(2 * 60), SYN_RECV(60), FIN_WAIT(2 * 60), TIME_WAIT(2 * 60),
    CLOSE(10), CLOSE_WAIT(60), LAST_ACK(30), LISTEN(2 * 60), SYNACK(120);

    private final int timeout;

    TcpState(int timeout) {
        this.timeout = timeout;
    }

    /** The state's timeout in seconds (the defaults of tcp_timeouts). */
    public int timeout() { return timeout; }

    /** Packet direction for the state table (IP_VS_DIR_*). */
    enum Dir { INPUT, OUTPUT, INPUT_ONLY }

    private static final TcpState sNO = NONE, sES = ESTABLISHED, sSS = SYN_SENT, sSR = SYN_RECV, sFW = FIN_WAIT,
            sTW = TIME_WAIT, sCL = CLOSE, sCW = CLOSE_WAIT, sLA = LAST_ACK, sLI = LISTEN, sSA = SYNACK;

    /** tcp_states (secure_tcp off): [direction*4 + syn/fin/ack/rst][current state]. */
    private static final TcpState[][] TABLE = {
            // INPUT: sNO, sES, sSS, sSR, sFW, sTW, sCL, sCW, sLA, sLI, sSA
            {sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR}, // syn
            {sCL, sCW, sSS, sTW, sTW, sTW, sCL, sCW, sLA, sLI, sTW}, // fin
            {sCL, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES}, // ack
            {sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sSR}, // rst
            // OUTPUT
            {sSS, sES, sSS, sSR, sSS, sSS, sSS, sSS, sSS, sLI, sSR},
            {sTW, sFW, sSS, sTW, sFW, sTW, sCL, sTW, sLA, sLI, sTW},
            {sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sLA, sES, sES},
            {sCL, sCL, sSS, sCL, sCL, sTW, sCL, sCL, sCL, sCL, sCL},
            // INPUT-ONLY
            {sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR},
            {sCL, sFW, sSS, sTW, sFW, sTW, sCL, sCW, sLA, sLI, sTW},
            {sCL, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES},
            {sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sCL},
    };

    /**
     * set_tcp_state: the next state for a segment with {@code flags} seen in {@code dir}; RST beats
     * SYN beats FIN beats ACK (tcp_state_idx); a segment with none of them closes the connection.
     */
    static TcpState next(TcpState current, Dir dir, int flags) {
        int idx;
        if ((flags & TcpHeader.RST) != 0) idx = 3;
        else if ((flags & TcpHeader.SYN) != 0) idx = 0;
        else if ((flags & TcpHeader.FIN) != 0) idx = 1;
        else if ((flags & TcpHeader.ACK) != 0) idx = 2;
        else return CLOSE;
        return TABLE[dir.ordinal() * 4 + idx][current.ordinal()];
    }
}
