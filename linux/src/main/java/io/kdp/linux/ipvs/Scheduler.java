package io.kdp.linux.ipvs;

import io.kdp.packet.Packet;

/**
 * An IPVS scheduling module (struct ip_vs_scheduler): picks a real server for a new connection.
 * Per-service state lives in the scheduler instance; each service gets its own.
 */
public interface Scheduler {
    /** The module name ({@code rr}, {@code wrr}, ...). */
    String name();

    /** init_service: the service was created (or switched to this scheduler). */
    default void init(VirtualService svc) {}

    /** add_dest: {@code dest} was put at the head of the list. */
    default void destAdded(VirtualService svc, RealServer dest) {}

    /** upd_dest: {@code dest}'s weight or thresholds changed. */
    default void destUpdated(VirtualService svc, RealServer dest) {}

    /** del_dest: {@code dest} was unlinked from list position {@code index}. */
    default void destRemoved(VirtualService svc, RealServer dest, int index) {}

    /** schedule: the chosen server, or null when none is available. */
    RealServer schedule(VirtualService svc, Packet packet);

    /** A scheduler of that name, or null if the kernel has no such module. */
    static Scheduler create(String name) {
        return switch (name) {
            case "rr" -> new RoundRobin();
            case "wrr" -> new WeightedRoundRobin();
            case "lc" -> new LeastConnection(false);
            case "wlc" -> new LeastConnection(true);
            case "sed" -> new ShortestExpectedDelay(false);
            case "nq" -> new ShortestExpectedDelay(true);
            case "sh" -> new SourceHashing();
            case "dh" -> new DestinationHashing();
            case "mh" -> new MaglevHashing();
            default -> null;
        };
    }

    /** Whether a server may take new connections: not overloaded and weight above zero. */
    static boolean usable(RealServer d) {
        return !d.overloaded() && d.weight() > 0;
    }
}
