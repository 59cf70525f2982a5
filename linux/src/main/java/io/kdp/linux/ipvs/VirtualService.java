package io.kdp.linux.ipvs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A virtual service (struct ip_vs_service): its key, scheduler and flags, and its real servers in
 * the kernel's list order. ip_vs_ctl.c adds a new destination with list_add_rcu, at the head, so
 * the most recently added server comes first; schedulers walk the list in that order.
 */
public final class VirtualService {
    private final ServiceKey key;
    private ServiceConfig config;
    private Scheduler scheduler;
    /** svc->destinations, head first. */
    private final List<RealServer> dests = new ArrayList<>();

    VirtualService(ServiceKey key, ServiceConfig config, Scheduler scheduler) {
        this.key = key;
        this.config = config;
        this.scheduler = scheduler;
        scheduler.init(this);
    }

    public ServiceKey key() { return key; }
    public ServiceConfig config() { return config; }
    public Scheduler scheduler() { return scheduler; }
    public boolean persistent() { return config.persistent(); }

    /** The real servers in list order (newest first). */
    public List<RealServer> dests() { return Collections.unmodifiableList(dests); }

    /** The real server at that address and port, or null. */
    public RealServer dest(int address, int port) {
        for (RealServer d : dests) if (d.address() == address && d.port() == port) return d;
        return null;
    }

    /** ip_vs_edit_service: a changed scheduler starts afresh over the same destinations. */
    void reconfigure(ServiceConfig cfg, Scheduler newScheduler) {
        this.config = cfg;
        if (newScheduler != null) {
            this.scheduler = newScheduler;
            newScheduler.init(this);
        }
    }

    void addDest(RealServer d) {
        dests.add(0, d);
        scheduler.destAdded(this, d);
    }

    void updatedDest(RealServer d) {
        scheduler.destUpdated(this, d);
    }

    void removeDest(RealServer d) {
        int index = dests.indexOf(d);
        dests.remove(index);
        d.unavailable();
        scheduler.destRemoved(this, d, index);
    }

    /** ip_vs_scheduler_err's message target, as the kernel log names the service. */
    @Override
    public String toString() {
        return key.toString();
    }
}
