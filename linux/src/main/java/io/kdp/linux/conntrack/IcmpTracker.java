package io.kdp.linux.conntrack;

import io.kdp.packet.IcmpHeader;

/**
 * The ICMP tracker (nf_conntrack_proto_icmp.c): only query types (echo, timestamp, information,
 * address mask requests) start a connection; every packet refreshes the 30 s timeout
 * (nf_conntrack_icmp_timeout). ICMP connections never become ASSURED.
 */
final class IcmpTracker {
    private IcmpTracker() {}

    static final int TIMEOUT = 30;
    /** NR_ICMP_TYPES. */
    static final int MAX_TYPE = 18;

    static TrackResult packet(ConntrackEntry ct, long now) {
        int type = ct.original().icmpType();
        if (type != IcmpHeader.ECHO_REQUEST && type != 13 && type != 15 && type != 17) {
            return TrackResult.invalid("icmp: can't create new conn with type " + type);
        }
        ct.refresh(now, TIMEOUT);
        return TrackResult.ACCEPT;
    }
}
