package io.kdp.linux.ipvs;

import io.kdp.packet.Packet;

/**
 * ip_vs_lc.c and ip_vs_wlc.c. Both rank servers by overhead {@code activeconns * 256 + inactconns}
 * (ip_vs_dest_conn_overhead). {@code lc} takes the first server with the smallest overhead among
 * those with a weight; {@code wlc} starts from the first usable server and replaces it with a later
 * one only when {@code loh * w(d) > doh * w(least)}, i.e. strictly smaller overhead per weight, so
 * ties go to the earlier server in list order.
 */
final class LeastConnection implements Scheduler {
    private final boolean weighted;

    LeastConnection(boolean weighted) {
        this.weighted = weighted;
    }

    @Override
    public String name() { return weighted ? "wlc" : "lc"; }

    @Override
    public RealServer schedule(VirtualService svc, Packet packet) {
        return weighted ? wlc(svc) : lc(svc);
    }

    private static RealServer lc(VirtualService svc) {
        RealServer least = null;
        int loh = 0;
        for (RealServer d : svc.dests()) {
            if (d.overloaded() || d.weight() == 0) continue;
            int doh = d.connOverhead();
            if (least == null || doh < loh) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }

    private static RealServer wlc(VirtualService svc) {
        var dests = svc.dests();
        int i = 0;
        RealServer least = null;
        for (; i < dests.size(); i++) {
            RealServer d = dests.get(i);
            if (Scheduler.usable(d)) {
                least = d;
                break;
            }
        }
        if (least == null) return null;
        long loh = least.connOverhead();
        for (i++; i < dests.size(); i++) {
            RealServer d = dests.get(i);
            if (d.overloaded()) continue;
            long doh = d.connOverhead();
            if (loh * d.weight() > doh * least.weight()) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }
}
