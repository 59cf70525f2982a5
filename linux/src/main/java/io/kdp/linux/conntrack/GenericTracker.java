package io.kdp.linux.conntrack;

/** The generic tracker for protocols without their own (nf_conntrack_proto_generic.c): addresses only, 600 s. */
final class GenericTracker {
    private GenericTracker() {}

    static final int TIMEOUT = 600;

    static TrackResult packet(ConntrackEntry ct, long now) {
        ct.refresh(now, TIMEOUT);
        return TrackResult.ACCEPT;
    }
}
