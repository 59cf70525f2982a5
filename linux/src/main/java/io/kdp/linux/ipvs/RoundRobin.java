package io.kdp.linux.ipvs;

import io.kdp.packet.Packet;
import java.util.List;

/**
 * ip_vs_rr.c: continue from the last server chosen to the next usable one (weight above zero, not
 * overloaded), wrapping around the list once. The position starts at the list head, so the first
 * connection goes to the head (the newest server).
 */
final class RoundRobin implements Scheduler {
    /** Index of the last chosen server in the list; -1 is the list head (sched_data = &svc->destinations). */
    private int last = -1;

    @Override
    public String name() { return "rr"; }

    @Override
    public void init(VirtualService svc) { last = -1; }

    @Override
    public void destAdded(VirtualService svc, RealServer dest) {
        if (last >= 0) last++; // the new head shifts every position by one
    }

    @Override
    public void destRemoved(VirtualService svc, RealServer dest, int index) {
        // ip_vs_rr_del_dest: if the removed server was the position, step back to its predecessor.
        if (index < last) last--;
        else if (index == last) last = index - 1;
    }

    @Override
    public RealServer schedule(VirtualService svc, Packet packet) {
        List<RealServer> dests = svc.dests();
        int n = dests.size();
        if (n == 0) return null;
        // Candidates after the last choice, wrapping round to (and including) the last choice itself.
        for (int step = 1; step <= n; step++) {
            int i = Math.floorMod(last + step, n);
            RealServer d = dests.get(i);
            if (Scheduler.usable(d)) {
                last = i;
                return d;
            }
        }
        return null;
    }
}
