package io.kdp.linux.conntrack;

/**
 * The UDP tracker (nf_conntrack_proto_udp.c): 30 s while unreplied (nf_conntrack_udp_timeout); once
 * a reply has been seen, every packet sets ASSURED, and a flow still active two seconds after its
 * first packet gets the stream timeout, 120 s (nf_conntrack_udp_timeout_stream).
 */
final class UdpTracker {
    private UdpTracker() {}

    static final int UNREPLIED_TIMEOUT = 30;
    static final int REPLIED_TIMEOUT = 120;
    private static final long STREAM_DELAY = 2_000_000_000L;

    static TrackResult packet(ConntrackEntry ct, long now) {
        if (!ct.confirmed()) ct.udpStreamTs(now + STREAM_DELAY);
        if (ct.has(CtStatus.SEEN_REPLY)) {
            long extra = now - ct.udpStreamTs() > 0 ? REPLIED_TIMEOUT : UNREPLIED_TIMEOUT; // time_after(jiffies, stream_ts)
            ct.refresh(now, extra);
            if (!ct.has(CtStatus.NAT_CLASH)) ct.set(CtStatus.ASSURED);
        } else {
            ct.refresh(now, UNREPLIED_TIMEOUT);
        }
        return TrackResult.ACCEPT;
    }
}
