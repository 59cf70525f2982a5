package io.kdp.linux.ipvs;

import io.kdp.packet.Packet;
import java.util.List;

/**
 * ip_vs_wrr.c: passes over the list with a falling current weight {@code cw}, from the maximum
 * weight down in steps of the weights' greatest common divisor {@code di}; each pass picks every
 * server whose weight is at least {@code cw}. The maximum is lowered by {@code di - 1} so that the
 * last pass runs at {@code cw = 1}. Weights 3, 2, 1 (list order) give A A B A B C, repeating.
 */
final class WeightedRoundRobin implements Scheduler {
    /** mark->cl: index of the current server, -1 for the list head. */
    private int cl = -1;
    private int cw;
    private int mw;
    private int di;

    @Override
    public String name() { return "wrr"; }

    @Override
    public void init(VirtualService svc) {
        cl = -1;
        di = gcdWeight(svc);
        mw = maxWeight(svc) - (di - 1);
        cw = mw;
    }

    /** ip_vs_wrr_dest_changed (add, delete and update alike): back to the head, keep cw if still valid. */
    private void changed(VirtualService svc) {
        cl = -1;
        di = gcdWeight(svc);
        mw = maxWeight(svc) - (di - 1);
        if (cw > mw || cw == 0) cw = mw;
        else if (di > 1) cw = (cw / di) * di + 1;
    }

    @Override
    public void destAdded(VirtualService svc, RealServer dest) { changed(svc); }

    @Override
    public void destUpdated(VirtualService svc, RealServer dest) { changed(svc); }

    @Override
    public void destRemoved(VirtualService svc, RealServer dest, int index) { changed(svc); }

    @Override
    public RealServer schedule(VirtualService svc, Packet packet) {
        List<RealServer> dests = svc.dests();
        int n = dests.size();
        if (mw == 0) return null; // no available dests
        int dest = cl;
        int last = cl;
        int stop = Integer.MIN_VALUE;
        boolean lastPass = false, restarted = false;
        while (true) {
            // list_for_each_entry_continue: the entries after 'dest' up to the head.
            for (dest = dest + 1; dest < n; dest++) {
                RealServer d = dests.get(dest);
                if (!d.overloaded() && d.weight() >= cw) {
                    cl = dest;
                    return d;
                }
                if (dest == stop) {
                    cl = dest;
                    return null; // all destinations are overloaded
                }
            }
            dest = -1; // back at the head
            cw -= di;
            if (cw <= 0) {
                cw = mw;
                if (lastPass || last == -1) {
                    cl = dest;
                    return null;
                }
                restarted = true;
            }
            lastPass = cw <= di;
            if (lastPass && restarted && last != -1) stop = last;
        }
    }

    private static int gcdWeight(VirtualService svc) {
        int g = 0;
        for (RealServer d : svc.dests()) {
            int w = d.weight();
            if (w > 0) g = g > 0 ? gcd(w, g) : w;
        }
        return g != 0 ? g : 1;
    }

    private static int maxWeight(VirtualService svc) {
        int m = 0;
        for (RealServer d : svc.dests()) m = Math.max(m, d.weight());
        return m;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
