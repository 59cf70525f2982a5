package io.kdp.linux.conntrack;

import io.kdp.linux.Sysctls;
import io.kdp.packet.Packet;
import io.kdp.packet.TcpHeader;

/**
 * The TCP protocol tracker (net/netfilter/nf_conntrack_proto_tcp.c): flag validation (tcp_error),
 * connection pick-up (tcp_new), the state table tcp_conntracks[2][6][10], window tracking
 * (tcp_in_window) and timeout choice (nf_conntrack_tcp_packet).
 *
 * <p>Window tracking follows tcp_in_window without TCP options: the emulated TCP header carries
 * none, so there is no window scaling (td_scale 0) and no SACK blocks (sack = ack). Everything else
 * — the four window bounds, DATA_UNACKNOWLEDGED and the UNACK timeout, retransmission counting,
 * nf_conntrack_tcp_be_liberal, the liberal pick-up of mid-stream connections — is as in the kernel.
 */
final class TcpTracker {
    private TcpTracker() {}

    // Table values: TcpState ordinals, plus sIV (TCP_CONNTRACK_MAX) and sIG (TCP_CONNTRACK_IGNORE).
    private static final byte sNO = 0, sSS = 1, sSR = 2, sES = 3, sFW = 4, sCW = 5, sLA = 6, sTW = 7, sCL = 8, sS2 = 9,
            sIV = 10, sIG = 11;
    /** enum tcp_bit_set. */
    static final int SYN_SET = 0, SYNACK_SET = 1, FIN_SET = 2, ACK_SET = 3, RST_SET = 4, NONE_SET = 5;

    /** tcp_conntracks[dir][index][old state] (kernel 6.x). */
    private static final byte[][][] TABLE = {
        { // ORIGINAL:  sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2
            /* syn    */ {sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2},
            /* synack */ {sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR},
            /* fin    */ {sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV},
            /* ack    */ {sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV},
            /* rst    */ {sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL},
            /* none   */ {sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV}
        },
        { // REPLY:     sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2
            /* syn    */ {sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2},
            /* synack */ {sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR},
            /* fin    */ {sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV},
            /* ack    */ {sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG},
            /* rst    */ {sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL},
            /* none   */ {sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV}
        }
    };

    private static final TcpState[] STATES = TcpState.values();
    /** Each state's timeout sysctl, spelt once: the packet path reads one for every packet. */
    private static final String[] TIMEOUT_SYSCTLS = java.util.Arrays.stream(STATES)
            .map(st -> "net.netfilter.nf_conntrack_tcp_timeout_" + st.sysctlName()).toArray(String[]::new);
    private static final int MAXACKWINCONST = 66000;
    private static final int MAX_RETRANS = 3; // nf_conntrack_tcp_max_retrans

    /** get_conntrack_index. */
    static int index(TcpHeader th) {
        if (th.has(TcpHeader.RST)) return RST_SET;
        if (th.has(TcpHeader.SYN)) return th.has(TcpHeader.ACK) ? SYNACK_SET : SYN_SET;
        if (th.has(TcpHeader.FIN)) return FIN_SET;
        if (th.has(TcpHeader.ACK)) return ACK_SET;
        return NONE_SET;
    }

    /** tcp_valid_flags: SYN, SYN|URG, SYN|ACK, RST, RST|ACK, FIN|ACK, FIN|ACK|URG, ACK, ACK|URG (PSH, ECE, CWR ignored). */
    static boolean validFlags(TcpHeader th) {
        int f = th.flags() & (TcpHeader.FIN | TcpHeader.SYN | TcpHeader.RST | TcpHeader.ACK | TcpHeader.URG);
        int S = TcpHeader.SYN, A = TcpHeader.ACK, R = TcpHeader.RST, F = TcpHeader.FIN, U = TcpHeader.URG;
        return f == S || f == (S | U) || f == (S | A) || f == R || f == (R | A) || f == (F | A) || f == (F | A | U) || f == A
                || f == (A | U);
    }

    /** segment_seq_plus_len. */
    private static int end(TcpHeader th, Packet p) {
        return (int) th.seq() + p.payload().length() + (th.has(TcpHeader.SYN) ? 1 : 0) + (th.has(TcpHeader.FIN) ? 1 : 0);
    }

    private static boolean before(int a, int b) {
        return a - b < 0;
    }

    private static boolean after(int a, int b) {
        return before(b, a);
    }

    /** tcp_new: may this packet create a connection? Null if yes, else why not. */
    private static String tcpNew(ConntrackEntry ct, TcpHeader th, Packet p, Sysctls sysctls) {
        TcpConntrackState st = ct.tcp();
        int newState = TABLE[0][index(th)][sNO];
        if (newState >= sIV) return "invalid new: " + flagName(index(th)) + " cannot start a connection";
        st.clear();
        TcpConntrackState.Window s0 = st.seen[0];
        s0.tdEnd = end(th, p);
        s0.tdMaxwin = th.window() == 0 ? 1 : th.window();
        if (newState == sSS) {
            s0.tdMaxend = s0.tdEnd;
        } else if (sysctls.getInt("net.netfilter.nf_conntrack_tcp_loose", 1) == 0) {
            return "invalid new: nf_conntrack_tcp_loose=0 does not pick up connections";
        } else {
            // Mid-stream pick-up: history lost; assume SACK and be liberal about windows.
            s0.tdMaxend = s0.tdEnd + s0.tdMaxwin;
            st.seen[0].flags = st.seen[1].flags = TcpConntrackState.FLAG_SACK_PERM | TcpConntrackState.FLAG_BE_LIBERAL;
        }
        st.lastIndex = NONE_SET;
        return null;
    }

    private static String flagName(int index) {
        return switch (index) {
            case SYN_SET -> "SYN";
            case SYNACK_SET -> "SYN-ACK";
            case FIN_SET -> "FIN";
            case ACK_SET -> "ACK";
            case RST_SET -> "RST";
            default -> "a segment without SYN/ACK/FIN/RST";
        };
    }

    /** nf_conntrack_tcp_established. */
    private static boolean established(ConntrackEntry ct) {
        return ct.tcp().state == TcpState.ESTABLISHED && ct.has(CtStatus.ASSURED);
    }

    /** tcp_can_early_drop. */
    private static boolean canEarlyDrop(TcpState s) {
        return s == TcpState.FIN_WAIT || s == TcpState.LAST_ACK || s == TcpState.TIME_WAIT || s == TcpState.CLOSE
                || s == TcpState.CLOSE_WAIT;
    }

    /** nf_conntrack_tcp_packet. */
    static TrackResult packet(ConntrackEntry ct, Packet p, CtDirection direction, long now, Sysctls sysctls) {
        TcpHeader th = p.tcp();
        if (!validFlags(th)) return TrackResult.invalid("invalid tcp flag combination");
        if (!ct.confirmed()) {
            String why = tcpNew(ct, th, p, sysctls);
            if (why != null) return TrackResult.invalid(why);
        }
        TcpConntrackState st = ct.tcp();
        int dir = direction.ordinal();
        int index = index(th);
        int oldState = st.state.ordinal();
        int newState = TABLE[dir][index][oldState];
        boolean inWindow = false;

        switch (newState) {
            case sSS:
                if (oldState < sTW) break;
                // RFC 1122: a SYN may reopen a connection in TIME_WAIT (or closed/aborted): kill and look up again.
                if (((st.seen[dir].flags | st.seen[1 - dir].flags) & TcpConntrackState.FLAG_CLOSE_INIT) != 0
                        || (st.lastDir == dir && st.lastIndex == RST_SET)) {
                    ct.set(CtStatus.DYING);
                    return TrackResult.REPEAT;
                }
                // fall through
            case sIG:
                if (index == SYNACK_SET && st.lastIndex == SYN_SET && st.lastDir != dir && (int) th.ack() == st.lastEnd) {
                    // The SYN/ACK answers a SYN we ignored: client and server are in sync, we are not.
                    oldState = sSS;
                    newState = sSR;
                    TcpConntrackState.Window w = st.seen[st.lastDir];
                    w.tdEnd = st.lastEnd;
                    w.tdMaxend = st.lastEnd;
                    w.tdMaxwin = st.lastWin == 0 ? 1 : st.lastWin;
                    w.tdScale = st.lastWscale;
                    st.lastFlags &= ~TcpConntrackState.EXP_CHALLENGE_ACK;
                    w.flags = st.lastFlags;
                    st.seen[dir].reset();
                    break;
                }
                st.lastIndex = index;
                st.lastDir = dir;
                st.lastSeq = (int) th.seq();
                st.lastEnd = end(th, p);
                st.lastWin = th.window();
                if (index == SYN_SET && dir == 0) {
                    st.lastFlags = 0;
                    st.lastWscale = 0;
                    if (oldState == sLA) st.lastFlags |= TcpConntrackState.EXP_CHALLENGE_ACK;
                }
                if (oldState == sSS && index == ACK_SET && dir == 1) st.lastAck = (int) th.ack();
                return TrackResult.ignored("packet (index " + index + ") in dir " + dir + " ignored, state " + STATES[oldState]);
            case sIV:
                return TrackResult.invalid("packet (index " + index + ") in dir " + dir + " invalid, state " + STATES[oldState]);
            case sTW:
                if (oldState == sLA && index == ACK_SET && st.lastDir != dir && st.lastIndex == SYN_SET
                        && (st.lastFlags & TcpConntrackState.EXP_CHALLENGE_ACK) != 0) {
                    st.lastFlags &= ~TcpConntrackState.EXP_CHALLENGE_ACK;
                    return TrackResult.ignored("challenge-ack ignored");
                }
                break;
            case sS2:
                st.lastFlags |= TcpConntrackState.SIMULTANEOUS_OPEN;
                break;
            case sSR:
                if (dir == 1 && index == ACK_SET && (st.lastFlags & TcpConntrackState.SIMULTANEOUS_OPEN) != 0) newState = sES;
                break;
            case sCL:
                if (index != RST_SET) break;
                if (canEarlyDrop(st.state)) {
                    inWindow = true;
                    break;
                }
                if ((st.seen[1 - dir].flags & TcpConntrackState.FLAG_MAXACK_SET) != 0 && st.lastIndex != SYN_SET) {
                    int seq = (int) th.seq();
                    if (seq == 0 && !established(ct)) break;
                    if (before(seq, st.seen[1 - dir].tdMaxack)
                            && sysctls.getInt("net.netfilter.nf_conntrack_tcp_ignore_invalid_rst", 0) == 0) {
                        return TrackResult.invalid("invalid rst");
                    }
                    if (!established(ct) || seq == st.seen[1 - dir].tdMaxack) break;
                    if (st.lastIndex == ACK_SET && st.lastDir == dir && seq == st.lastEnd) break;
                    newState = oldState; // keep the state to allow a challenge ACK
                }
                if (((ct.has(CtStatus.SEEN_REPLY) && st.lastIndex == SYN_SET) || (!ct.has(CtStatus.ASSURED) && st.lastIndex == ACK_SET))
                        && (int) th.ack() == st.lastEnd) {
                    inWindow = true; // RST answering a SYN or ACK we let through
                    break;
                }
                if (oldState == sSS && st.lastIndex == ACK_SET && st.lastDir == 1 && (int) th.seq() == st.lastAck) inWindow = true;
                break;
            default:
                break;
        }

        if (!inWindow) {
            TrackResult w = inWindow(ct, dir, index, th, p, sysctls);
            if (w.kind() == TrackResult.Kind.INVALID) {
                handleInvalid(ct, dir, index, now);
                return w;
            }
            if (w.reason() != null) return w; // ignored: accept without changing state
        }

        st.lastIndex = index;
        st.lastDir = dir;
        st.state = STATES[newState];
        if (oldState != newState && newState == sFW) st.seen[dir].flags |= TcpConntrackState.FLAG_CLOSE_INIT;

        int timeout;
        // net.netfilter.nf_conntrack_tcp_timeout_<state> overrides the default (kube-proxy sets
        // established to 86400 and close_wait to 3600).
        int stateTimeout = sysctls.getInt(TIMEOUT_SYSCTLS[newState], STATES[newState].timeoutSeconds());
        boolean noWindowCheck = sysctls.getInt("net.netfilter.nf_conntrack_tcp_no_window_check", 0) != 0;
        if (st.retrans >= MAX_RETRANS && stateTimeout > TcpState.RETRANS_TIMEOUT) {
            timeout = TcpState.RETRANS_TIMEOUT;
        } else if (index == RST_SET) {
            timeout = TcpState.CLOSE.timeoutSeconds();
        } else if (((st.seen[0].flags | st.seen[1].flags) & TcpConntrackState.FLAG_DATA_UNACKNOWLEDGED) != 0
                && stateTimeout > TcpState.UNACK_TIMEOUT) {
            timeout = TcpState.UNACK_TIMEOUT;
        } else if (!noWindowCheck && st.lastWin == 0 && stateTimeout > TcpState.RETRANS_TIMEOUT) {
            timeout = TcpState.RETRANS_TIMEOUT;
        } else {
            timeout = stateTimeout;
        }

        if (!ct.has(CtStatus.SEEN_REPLY)) {
            if (th.has(TcpHeader.RST)) {
                // "If only reply is a RST, we can consider ourselves not to have an established connection"
                ct.set(CtStatus.DYING);
                return TrackResult.ACCEPT;
            }
            if (index == SYN_SET && oldState == sSS) return TrackResult.ACCEPT; // SYN retransmit: no refresh
            if (newState == sES && timeout > TcpState.UNACK_TIMEOUT) timeout = TcpState.UNACK_TIMEOUT; // loose pick-up
        } else if (!ct.has(CtStatus.ASSURED) && (oldState == sSR || oldState == sES) && newState == sES) {
            ct.set(CtStatus.ASSURED);
        }
        ct.refresh(now, timeout);
        return TrackResult.ACCEPT;
    }

    /** nf_tcp_handle_invalid: an out-of-window FIN/RST answering one shortens an assured connection's timeout. */
    private static void handleInvalid(ConntrackEntry ct, int dir, int index, long now) {
        TcpConntrackState st = ct.tcp();
        if (!ct.has(CtStatus.ASSURED) || ct.has(CtStatus.FIXED_TIMEOUT)) return;
        if (index != RST_SET && index != FIN_SET) return;
        if (st.lastDir != dir && (st.lastIndex == FIN_SET || st.lastIndex == RST_SET)) {
            long expires = ct.remainingNanos(now);
            if (expires < 120 * 1_000_000_000L) return;
            long unack = TcpState.UNACK_TIMEOUT * 1_000_000_000L;
            if (expires > unack) ct.deadline(now + unack);
        } else {
            st.lastIndex = index;
            st.lastDir = dir;
        }
    }

    private static int maxAckWindow(TcpConntrackState.Window sender) {
        return Integer.compareUnsigned(sender.tdMaxwin, MAXACKWINCONST) > 0 ? sender.tdMaxwin : MAXACKWINCONST;
    }

    /** nf_tcp_log_invalid: with be_liberal (per direction or sysctl) a refused segment is accepted. */
    private static TrackResult logInvalid(TcpConntrackState.Window sender, Sysctls sysctls, boolean invalid, String why) {
        boolean liberal = (sender.flags & TcpConntrackState.FLAG_BE_LIBERAL) != 0
                || sysctls.getInt("net.netfilter.nf_conntrack_tcp_be_liberal", 0) != 0;
        if (liberal) return TrackResult.ACCEPT;
        return invalid ? TrackResult.invalid(why) : TrackResult.ignored(why);
    }

    private static void initSender(TcpConntrackState.Window sender, TcpConntrackState.Window receiver, int end, int win, int dir) {
        sender.tdEnd = sender.tdMaxend = end;
        sender.tdMaxwin = win == 0 ? 1 : win;
        // No options: window scaling stays off in both directions (RFC 1323 needs both sides to send it).
        if (dir == 1 && !((sender.flags & TcpConntrackState.FLAG_WINDOW_SCALE) != 0
                && (receiver.flags & TcpConntrackState.FLAG_WINDOW_SCALE) != 0)) {
            sender.tdScale = 0;
            receiver.tdScale = 0;
        }
    }

    /** tcp_in_window. */
    private static TrackResult inWindow(ConntrackEntry ct, int dir, int index, TcpHeader th, Packet p, Sysctls sysctls) {
        if (sysctls.getInt("net.netfilter.nf_conntrack_tcp_no_window_check", 0) != 0) return TrackResult.ACCEPT;
        TcpConntrackState state = ct.tcp();
        TcpConntrackState.Window sender = state.seen[dir];
        TcpConntrackState.Window receiver = state.seen[1 - dir];
        int seq = (int) th.seq();
        int ack = (int) th.ack();
        int sack = ack;
        int winRaw = th.window();
        int win = winRaw;
        int end = end(th, p);
        boolean syn = th.has(TcpHeader.SYN);
        boolean hasAck = th.has(TcpHeader.ACK);

        if (sender.tdMaxwin == 0) {
            if (syn) {
                initSender(sender, receiver, end, win, dir);
                if (!hasAck) return TrackResult.ACCEPT; // simultaneous open
            } else {
                // Middle of a connection: history lost, use the data from the packet.
                sender.tdEnd = end;
                int swin = win << sender.tdScale;
                sender.tdMaxwin = swin == 0 ? 1 : swin;
                sender.tdMaxend = end + sender.tdMaxwin;
                if (receiver.tdMaxwin == 0) {
                    receiver.tdEnd = receiver.tdMaxend = sack;
                } else if (sack == receiver.tdEnd + 1) {
                    receiver.tdEnd++; // likely a reply to a keepalive
                }
            }
        } else if (syn && after(end, sender.tdEnd) && (state.state == TcpState.SYN_SENT || state.state == TcpState.SYN_RECV)) {
            initSender(sender, receiver, end, win, dir); // re-initialised SYN (RFC 793)
            if (dir == 1 && !hasAck) return TrackResult.ACCEPT;
        }

        if (!hasAck) {
            ack = sack = receiver.tdEnd;
        } else if (th.has(TcpHeader.RST) && ack == 0) {
            ack = sack = receiver.tdEnd; // broken stacks: ACK|RST with ack 0
        }
        if (th.has(TcpHeader.RST) && seq == 0 && state.state == TcpState.SYN_SENT) seq = end = sender.tdEnd;

        boolean seqOk = before(seq, sender.tdMaxend + 1);
        if (!seqOk) {
            int overshot = end - sender.tdMaxend + 1;
            boolean ackOk = after(sack, receiver.tdEnd - maxAckWindow(sender) - 1);
            boolean inRecvWin = receiver.tdMaxwin != 0 && after(end, sender.tdEnd - receiver.tdMaxwin - 1);
            if (inRecvWin && ackOk && Integer.compareUnsigned(overshot, receiver.tdMaxwin) <= 0 && before(sack, receiver.tdEnd + 1)) {
                sender.tdEnd = end;
                sender.flags |= TcpConntrackState.FLAG_DATA_UNACKNOWLEDGED;
                return logInvalid(sender, sysctls, false, Integer.toUnsignedString(overshot) + " bytes more than expected");
            }
            return logInvalid(sender, sysctls, true, "SEQ is over upper bound " + Integer.toUnsignedString(sender.tdMaxend + 1)
                    + " (over the window of the receiver)");
        }
        if (!before(sack, receiver.tdEnd + 1)) {
            return logInvalid(sender, sysctls, true, "ACK is over upper bound " + Integer.toUnsignedString(receiver.tdEnd + 1)
                    + " (ACKed data not seen yet)");
        }
        boolean inRecvWin = receiver.tdMaxwin == 0 || after(end, sender.tdEnd - receiver.tdMaxwin - 1);
        if (!inRecvWin) {
            return logInvalid(sender, sysctls, false, "SEQ is under lower bound "
                    + Integer.toUnsignedString(sender.tdEnd - receiver.tdMaxwin - 1) + " (already ACKed data retransmitted)");
        }
        if (!after(sack, receiver.tdEnd - maxAckWindow(sender) - 1)) {
            return logInvalid(sender, sysctls, false, "ignored ACK under lower bound "
                    + Integer.toUnsignedString(receiver.tdEnd - maxAckWindow(sender) - 1) + " (possible overly delayed)");
        }

        if (!syn) win <<= sender.tdScale;
        int swin = win + (sack - ack);
        if (Integer.compareUnsigned(sender.tdMaxwin, swin) < 0) sender.tdMaxwin = swin;
        if (after(end, sender.tdEnd)) {
            sender.tdEnd = end;
            sender.flags |= TcpConntrackState.FLAG_DATA_UNACKNOWLEDGED;
        }
        if (hasAck) {
            if ((sender.flags & TcpConntrackState.FLAG_MAXACK_SET) == 0) {
                sender.tdMaxack = ack;
                sender.flags |= TcpConntrackState.FLAG_MAXACK_SET;
            } else if (after(ack, sender.tdMaxack)) {
                sender.tdMaxack = ack;
            }
        }
        if (receiver.tdMaxwin != 0 && after(end, sender.tdMaxend)) receiver.tdMaxwin += end - sender.tdMaxend;
        if (after(sack + win, receiver.tdMaxend - 1)) {
            receiver.tdMaxend = sack + win;
            if (win == 0) receiver.tdMaxend++;
        }
        if (ack == receiver.tdEnd) receiver.flags &= ~TcpConntrackState.FLAG_DATA_UNACKNOWLEDGED;

        if (index == ACK_SET) {
            if (state.lastDir == dir && state.lastSeq == seq && state.lastAck == ack && state.lastEnd == end && state.lastWin == winRaw) {
                state.retrans++;
            } else {
                state.lastDir = dir;
                state.lastSeq = seq;
                state.lastAck = ack;
                state.lastEnd = end;
                state.lastWin = winRaw;
                state.retrans = 0;
            }
        }
        return TrackResult.ACCEPT;
    }
}
