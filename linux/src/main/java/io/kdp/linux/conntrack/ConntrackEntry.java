package io.kdp.linux.conntrack;

import io.kdp.packet.IpProtocol;

/**
 * One tracked connection (struct nf_conn): its tuples in both directions, status bits, connection
 * mark, protocol state and timeout. A new entry is <em>unconfirmed</em> (not in the table, timeout
 * relative) until its first packet survives to the confirm hook; from then on the timeout is an
 * absolute virtual-clock deadline, as nf_ct_refresh and __nf_conntrack_confirm keep it.
 */
public final class ConntrackEntry {
    private final ConntrackTuple original;
    private ConntrackTuple reply;
    private int status;
    private int mark;
    /** Relative (unconfirmed) or absolute (confirmed) timeout in virtual nanoseconds. */
    private long timeout;
    private final TcpConntrackState tcp;
    /** UDP: when a replied flow counts as a stream (ct->proto.udp.stream_ts). */
    private long udpStreamTs;
    /** ifindex of the MASQUERADE output device (nf_conn_nat.masq_index), 0 if none. */
    private int masqIndex;
    private final long created;

    ConntrackEntry(ConntrackTuple original, ConntrackTuple reply, long nowNanos) {
        this.original = original;
        this.reply = reply;
        this.tcp = original.protocol() == IpProtocol.TCP ? new TcpConntrackState() : null;
        this.created = nowNanos;
    }

    /** The tuple of one direction (ct->tuplehash[dir].tuple). */
    public ConntrackTuple tuple(CtDirection dir) {
        return dir == CtDirection.ORIGINAL ? original : reply;
    }

    public ConntrackTuple original() {
        return original;
    }

    public ConntrackTuple reply() {
        return reply;
    }

    /** nf_conntrack_alter_reply: NAT rewrote what replies will look like (only before confirmation). */
    void reply(ConntrackTuple r) {
        if (confirmed()) throw new IllegalStateException("reply tuple of a confirmed entry cannot change");
        this.reply = r;
    }

    public int protocol() {
        return original.protocol();
    }

    /** The status bits ({@link CtStatus}). */
    public int status() {
        return status;
    }

    /** Whether every bit of {@code bits} is set. */
    public boolean has(int bits) {
        return (status & bits) == bits;
    }

    void set(int bits) {
        status |= bits;
    }

    void clear(int bits) {
        status &= ~bits;
    }

    public boolean confirmed() {
        return has(CtStatus.CONFIRMED);
    }

    /** The connection mark (ctmark, {@code -j CONNMARK}, {@code -m connmark}). */
    public int mark() {
        return mark;
    }

    public void mark(int m) {
        this.mark = m;
    }

    /** The TCP state, or null for other protocols. */
    public TcpState tcpState() {
        return tcp == null ? null : tcp.state;
    }

    TcpConntrackState tcp() {
        return tcp;
    }

    long udpStreamTs() {
        return udpStreamTs;
    }

    void udpStreamTs(long ts) {
        this.udpStreamTs = ts;
    }

    /** ifindex of the device a MASQUERADE binding was made for, or 0. */
    public int masqIndex() {
        return masqIndex;
    }

    void masqIndex(int i) {
        this.masqIndex = i;
    }

    /** Virtual time the entry was created. */
    public long createdNanos() {
        return created;
    }

    /** nf_ct_refresh: a new timeout from now (relative while unconfirmed). */
    void refresh(long nowNanos, long seconds) {
        long t = seconds * 1_000_000_000L;
        timeout = confirmed() ? nowNanos + t : t;
    }

    /** Sets the absolute deadline directly (used when shortening a timeout). */
    void deadline(long absoluteNanos) {
        timeout = absoluteNanos;
    }

    /** __nf_conntrack_confirm: the relative timeout becomes a deadline and the entry is CONFIRMED. */
    void confirm(long nowNanos) {
        timeout += nowNanos;
        set(CtStatus.CONFIRMED);
    }

    /** nf_ct_is_expired: a confirmed entry whose deadline has passed. */
    public boolean expired(long nowNanos) {
        return confirmed() && timeout - nowNanos <= 0;
    }

    /** Remaining lifetime in nanoseconds (nf_ct_expires), never negative. */
    public long remainingNanos(long nowNanos) {
        long r = confirmed() ? timeout - nowNanos : timeout;
        return Math.max(r, 0);
    }

    /** Remaining lifetime in whole seconds, as ctnetlink reports it (CTA_TIMEOUT = expires / HZ). */
    public long remainingSeconds(long nowNanos) {
        return remainingNanos(nowNanos) / 1_000_000_000L;
    }

    /**
     * The reference count {@code conntrack -L} prints as {@code use=}: the table's own reference;
     * packets in flight are never visible to a dump in this single-threaded emulator.
     */
    public int use() {
        return 1;
    }

    /**
     * The entry as {@code conntrack -L} (libnetfilter_conntrack's default output) prints it:
     * protocol name padded to 8, number, timeout, TCP state, original tuple, {@code [UNREPLIED]},
     * reply tuple, {@code [ASSURED]}, {@code mark=}, {@code use=}.
     */
    public String format(long nowNanos) {
        StringBuilder sb = new StringBuilder(160);
        String name = protoName(protocol());
        sb.append(name);
        for (int i = name.length(); i < 8; i++) sb.append(' ');
        sb.append(' ').append(protocol()).append(' ');
        sb.append(remainingSeconds(nowNanos)).append(' ');
        if (tcp != null) sb.append(tcp.state.name()).append(' ');
        original.appendTo(sb);
        if (!has(CtStatus.SEEN_REPLY)) sb.append("[UNREPLIED] ");
        reply.appendTo(sb);
        if (has(CtStatus.HW_OFFLOAD)) sb.append("[HW_OFFLOAD] ");
        else if (has(CtStatus.OFFLOAD)) sb.append("[OFFLOAD] ");
        else if (has(CtStatus.ASSURED)) sb.append("[ASSURED] ");
        sb.append("mark=").append(Integer.toUnsignedString(mark)).append(' ');
        sb.append("use=").append(use());
        return sb.toString();
    }

    /** libnetfilter_conntrack's proto2str: names for the protocols it knows, "unknown" otherwise. */
    static String protoName(int protocol) {
        return switch (protocol) {
            case IpProtocol.TCP -> "tcp";
            case IpProtocol.UDP -> "udp";
            case 136 -> "udplite";
            case IpProtocol.ICMP -> "icmp";
            case 58 -> "icmpv6";
            case IpProtocol.SCTP -> "sctp";
            case 47 -> "gre";
            case 33 -> "dccp";
            default -> "unknown";
        };
    }

    @Override
    public String toString() {
        return original + " / " + reply;
    }
}
