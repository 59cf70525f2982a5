package io.kdp.linux.ipvs;

import io.kdp.packet.Packet;
import java.util.List;

/**
 * ip_vs_dh.c: a 256-bucket table filled one bucket per server, cycling through the list; a
 * connection goes to bucket {@code (daddr * 2654435761) & 255} (ip_vs_dh_hashkey). A server that is
 * unavailable, overloaded or weightless gives no server.
 */
final class DestinationHashing implements Scheduler {
    private static final int TAB_SIZE = 256;
    private final RealServer[] buckets = new RealServer[TAB_SIZE];

    @Override
    public String name() { return "dh"; }

    @Override
    public void init(VirtualService svc) { reassign(svc); }

    @Override
    public void destAdded(VirtualService svc, RealServer dest) { reassign(svc); }

    @Override
    public void destUpdated(VirtualService svc, RealServer dest) { reassign(svc); }

    @Override
    public void destRemoved(VirtualService svc, RealServer dest, int index) { reassign(svc); }

    private void reassign(VirtualService svc) {
        List<RealServer> dests = svc.dests();
        for (int i = 0; i < TAB_SIZE; i++) buckets[i] = dests.isEmpty() ? null : dests.get(i % dests.size());
    }

    /** ip_vs_dh_hashkey: multiplicative hash, low 8 bits. */
    static int hashKey(int addr) {
        return (addr * (int) 2654435761L) & (TAB_SIZE - 1);
    }

    @Override
    public RealServer schedule(VirtualService svc, Packet packet) {
        RealServer d = buckets[hashKey(packet.dst())];
        return d != null && d.available() && Scheduler.usable(d) ? d : null;
    }
}
