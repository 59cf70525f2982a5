package io.kdp.linux.ipvs;

import io.kdp.packet.Packet;

/**
 * ip_vs_sed.c and ip_vs_nq.c: expected delay {@code (activeconns + 1) / weight}, compared as
 * {@code loh * w(d) > doh * w(least)} so ties keep the earlier server. {@code nq} (never queue)
 * first takes any usable server with no active connection, in list order.
 */
final class ShortestExpectedDelay implements Scheduler {
    private final boolean neverQueue;

    ShortestExpectedDelay(boolean neverQueue) {
        this.neverQueue = neverQueue;
    }

    @Override
    public String name() { return neverQueue ? "nq" : "sed"; }

    @Override
    public RealServer schedule(VirtualService svc, Packet packet) {
        return neverQueue ? nq(svc) : sed(svc);
    }

    private static RealServer sed(VirtualService svc) {
        var dests = svc.dests();
        int i = 0;
        RealServer least = null;
        for (; i < dests.size(); i++) {
            if (Scheduler.usable(dests.get(i))) {
                least = dests.get(i);
                break;
            }
        }
        if (least == null) return null;
        long loh = least.activeConns() + 1L;
        for (i++; i < dests.size(); i++) {
            RealServer d = dests.get(i);
            if (d.overloaded()) continue;
            long doh = d.activeConns() + 1L;
            if (loh * d.weight() > doh * least.weight()) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }

    private static RealServer nq(VirtualService svc) {
        RealServer least = null;
        long loh = 0;
        for (RealServer d : svc.dests()) {
            if (d.overloaded() || d.weight() == 0) continue;
            long doh = d.activeConns() + 1L;
            if (d.activeConns() == 0) return d; // idle: take it at once
            if (least == null || loh * d.weight() > doh * least.weight()) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }
}
