package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.NetNamespace;
import io.kdp.linux.trace.Step;

/**
 * The service lookups Cilium's datapath programs share (bpf/lib/lb.h): the frontend entry, a
 * backend slot, the backend, Maglev, and session affinity. Each lookup that finds something is a
 * {@link Step.Lookup} naming the map, when tracing is on.
 */
public final class Lb4 {
    private final LbMaps maps;
    private final EbpfConfig config;
    private final CiliumMaglev maglev;

    public Lb4(LbMaps maps, EbpfConfig config, CiliumMaglev maglev) {
        this.maps = maps;
        this.config = config;
        this.maglev = maglev;
    }

    public LbMaps maps() { return maps; }
    public EbpfConfig config() { return config; }

    /** bpf_mono_now in seconds: the emulation's clock. */
    static int nowSec(NetNamespace ns) {
        return (int) (ns.clock().nanos() / 1_000_000_000L);
    }

    /** lb4_lookup_service: the frontend entry (slot 0), or null. Misses are traced only when {@code traceMiss}. */
    Lb4Service lookupService(NetNamespace ns, Lb4Key key, boolean traceMiss) {
        Lb4Service svc = maps.services().lookup(key.slot(0));
        if (ns.tracer().enabled() && (svc != null || traceMiss)) {
            ns.tracer().step(ns.name(), new Step.Lookup(maps.services().name(), key.slot(0) + " slot 0",
                    svc == null ? "miss" : "count " + svc.count() + ", rev-nat " + svc.revNatIndex() + " [" + ServiceFlags.describe(svc.flags()) + "]"));
        }
        return svc;
    }

    /** __lb4_lookup_backend_slot: the backend id in {@code slot}, 0 if the slot is missing. */
    int backendIdInSlot(NetNamespace ns, Lb4Key key, int slot) {
        Lb4Service be = maps.services().lookup(key.slot(slot));
        if (ns.tracer().enabled()) {
            ns.tracer().step(ns.name(), new Step.Lookup(maps.services().name(), key.slot(slot) + " slot " + slot, be == null ? "miss" : "backend id " + be.backendId()));
        }
        return be == null ? 0 : be.backendId();
    }

    /** __lb4_lookup_backend: the backend of that id, or null. */
    Lb4Backend backend(NetNamespace ns, int id) {
        Lb4Backend b = id == 0 ? null : maps.backends().lookup(id);
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Lookup(maps.backends().name(), "id " + id, b == null ? "miss" : b.addressPort()));
        return b;
    }

    /**
     * lb4_select_backend_id for the per-packet path: with Maglev the tuple's hash indexes the
     * frontend's table in cilium_lb4_maglev; otherwise a random slot (get_prandom_u32 % count + 1).
     */
    int selectBackendId(NetNamespace ns, Lb4Key key, Lb4Service svc, int saddr, int daddr, int sport, int dport) {
        if (config.maglev()) {
            int[] table = maps.maglev().lookup(svc.revNatIndex());
            if (table == null || table.length == 0) return 0;
            int index = maglev.index(saddr, daddr, sport, dport);
            int id = table[index];
            if (ns.tracer().enabled()) {
                ns.tracer().step(ns.name(), new Step.Lookup(maps.maglev().name(), "rev-nat " + svc.revNatIndex() + " [" + index + "]", "backend id " + id));
            }
            return id;
        }
        return backendIdInSlot(ns, key, randomSlot(ns, svc.count()));
    }

    /** A slot from 1 to count, as {@code (get_prandom_u32() % count) + 1}. */
    static int randomSlot(NetNamespace ns, int count) {
        return (int) (Integer.toUnsignedLong(ns.random().nextInt()) % count) + 1;
    }

    /** __lb4_affinity_backend_id: the backend the client sticks to, 0 if none or expired or no longer a backend. */
    int affinityBackend(NetNamespace ns, Lb4Service svc, long clientId, boolean netnsCookie) {
        Lb4AffinityKey key = new Lb4AffinityKey(clientId, svc.revNatIndex(), netnsCookie);
        LbAffinityVal val = maps.affinity().lookup(key);
        if (val == null) return 0;
        int now = nowSec(ns);
        String result;
        int id = 0;
        if (val.lastUsed() + svc.affinityTimeout() <= now) {
            maps.affinity().delete(key);
            result = "expired (last used " + (now - val.lastUsed()) + "s ago, timeout " + svc.affinityTimeout() + "s)";
        } else if (!maps.affinityMatch().contains(new LbAffinityMatch(val.backendId(), svc.revNatIndex()))) {
            maps.affinity().delete(key);
            result = "backend id " + val.backendId() + " is no longer a backend (" + maps.affinityMatch().name() + ")";
        } else {
            maps.affinity().update(key, new LbAffinityVal(now, val.backendId()));
            id = val.backendId();
            result = "backend id " + id;
        }
        if (ns.tracer().enabled()) ns.tracer().step(ns.name(), new Step.Lookup(maps.affinity().name(), key.toString(), result));
        return id;
    }

    /** __lb4_update_affinity. */
    void updateAffinity(NetNamespace ns, Lb4Service svc, long clientId, boolean netnsCookie, int backendId) {
        maps.affinity().update(new Lb4AffinityKey(clientId, svc.revNatIndex(), netnsCookie), new LbAffinityVal(nowSec(ns), backendId));
    }
}
