package io.kdp.linux.ipvs;

import io.kdp.packet.Packet;
import java.util.List;

/**
 * ip_vs_sh.c: a 256-bucket table (CONFIG_IP_VS_SH_TAB_BITS = 8) filled by walking the server list,
 * each server taking as many consecutive buckets as its (last non-zero) weight, round and round.
 * A connection goes to the bucket {@code hash_32(port + saddr, 8)} (ip_vs_sh_hashkey with
 * hash_32's GOLDEN_RATIO_32 multiply, keeping the top bits); the port is 0 unless the
 * {@code sh-port} flag is set. Without {@code sh-fallback} an unusable bucket owner means no server.
 */
final class SourceHashing implements Scheduler {
    static final int TAB_BITS = 8;
    static final int TAB_SIZE = 1 << TAB_BITS;
    private final RealServer[] buckets = new RealServer[TAB_SIZE];

    @Override
    public String name() { return "sh"; }

    @Override
    public void init(VirtualService svc) { reassign(svc); }

    @Override
    public void destAdded(VirtualService svc, RealServer dest) { reassign(svc); }

    @Override
    public void destUpdated(VirtualService svc, RealServer dest) { reassign(svc); }

    @Override
    public void destRemoved(VirtualService svc, RealServer dest, int index) { reassign(svc); }

    /** ip_vs_sh_reassign. */
    private void reassign(VirtualService svc) {
        List<RealServer> dests = svc.dests();
        if (dests.isEmpty()) {
            java.util.Arrays.fill(buckets, null);
            return;
        }
        int p = 0, count = 0;
        for (int i = 0; i < TAB_SIZE; i++) {
            RealServer d = dests.get(p);
            buckets[i] = d;
            if (++count >= d.lastWeight()) {
                p = (p + 1) % dests.size();
                count = 0;
            }
        }
    }

    /** hash_32(val, bits) with GOLDEN_RATIO_32 (include/linux/hash.h, Linux 4.7 and later). */
    static int hash32(int val, int bits) {
        return (val * 0x61C88647) >>> (32 - bits);
    }

    /** ip_vs_sh_hashkey for IPv4. */
    static int hashKey(int addr, int port, int offset) {
        return (offset + hash32(port + addr, TAB_BITS)) & (TAB_SIZE - 1);
    }

    /** The bucket owner for an address and port (ip_vs_sh_get without the availability check). */
    RealServer bucket(int addr, int port) {
        return buckets[hashKey(addr, port, 0)];
    }

    @Override
    public RealServer schedule(VirtualService svc, Packet packet) {
        int flags = svc.config().schedFlags();
        int addr = packet.src();
        int port = (flags & ServiceConfig.SCHED2) != 0 ? packet.srcPort() : 0;
        int h = hashKey(addr, port, 0);
        RealServer d = buckets[h];
        if (d == null) return null;
        if (Scheduler.usable(d)) return d;
        if ((flags & ServiceConfig.SCHED1) == 0) return null;
        // ip_vs_sh_get_fallback: walk the table from the original bucket with growing offsets.
        for (int offset = 0; offset < TAB_SIZE; offset++) {
            int roffset = (offset + h) % TAB_SIZE;
            RealServer f = buckets[hashKey(addr, port, roffset)];
            if (f != null && Scheduler.usable(f)) return f;
        }
        return null;
    }
}
