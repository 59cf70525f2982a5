package io.kdp.linux.neigh;

import io.kdp.linux.util.LongObjectMap;
import io.kdp.linux.Clock;
import io.kdp.linux.route.RtnetlinkException;
import io.kdp.packet.MacAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The forwarding database of one bridge or VXLAN device (net/bridge/br_fdb.c, drivers/net/vxlan).
 * Keyed by MAC (VLANs are not modelled). Learned entries age out {@link #ageingSeconds()} after
 * they were last seen on the virtual clock (bridge ageing_time, default 300 s); permanent and
 * static entries never do. {@link #lookup} and {@link #learn} of a known station allocate nothing.
 * A MAC may have several {@code dst}s ({@code bridge fdb append}, VXLAN head-end replication);
 * {@link #lookup} returns the first.
 */
public final class Fdb {
    /** BR_DEFAULT_AGEING_TIME: 300 s. */
    public static final int DEFAULT_AGEING_SECONDS = 300;

    private static final class Slot {
        FdbEntry entry;
        long seenNanos;
        long seq;
        Slot next;
    }

    private final Clock clock;
    private final LongObjectMap<Slot> byMac = new LongObjectMap<>();
    private int ageingSeconds = DEFAULT_AGEING_SECONDS;
    private long seq;

    public Fdb(Clock clock) {
        this.clock = clock;
    }

    public int ageingSeconds() {
        return ageingSeconds;
    }

    /** {@code ip link set BR type bridge ageing_time N} (here in seconds). */
    public void ageingSeconds(int s) {
        if (s < 0) throw new IllegalArgumentException("ageing time " + s + " is negative");
        this.ageingSeconds = s;
    }

    /**
     * The entry for {@code mac}, or null (a learned entry past its ageing time is removed here, as
     * the bridge's gc would have). Does not allocate.
     */
    public FdbEntry lookup(long mac) {
        Slot s = byMac.get(mac);
        if (s == null) return null;
        if (expired(s)) {
            byMac.remove(mac);
            return null;
        }
        return s.entry;
    }

    /** All destinations for {@code mac} (head-end replication of a VXLAN all-zeros entry). */
    public List<FdbEntry> lookupAll(long mac) {
        List<FdbEntry> out = new ArrayList<>(2);
        for (Slot s = byMac.get(mac); s != null; s = s.next) if (!expired(s)) out.add(s.entry);
        return out;
    }

    /**
     * br_fdb_update: a frame from {@code mac} arrived on {@code port} of bridge {@code bridge}.
     * Refreshes or moves a learned entry, creates one if unknown; permanent/static entries stay put.
     */
    public void learn(long mac, String port, String bridge) {
        Slot s = byMac.get(mac);
        long now = clock.nanos();
        if (s != null && !expired(s)) {
            if (s.entry.state() != FdbState.DYNAMIC) return;
            if (!s.entry.dev().equals(port)) s.entry = FdbEntry.learned(s.entry.mac(), port, bridge);
            s.seenNanos = now;
            return;
        }
        byMac.put(mac, slot(FdbEntry.learned(new MacAddress(mac), port, bridge), now));
    }

    /**
     * {@code bridge fdb add}.
     *
     * @throws RtnetlinkException {@code RTNETLINK answers: File exists} if the MAC is present
     */
    public void add(FdbEntry e) {
        if (lookup(e.mac().value()) != null) throw new RtnetlinkException(RtnetlinkException.FILE_EXISTS);
        byMac.put(e.mac().value(), slot(e, clock.nanos()));
    }

    /** {@code bridge fdb append}: another destination for the MAC; {@code File exists} if that dst is there. */
    public void append(FdbEntry e) {
        Slot head = byMac.get(e.mac().value());
        if (head == null || expired(head)) {
            byMac.put(e.mac().value(), slot(e, clock.nanos()));
            return;
        }
        Slot last = head;
        for (Slot s = head; s != null; s = s.next) {
            if (s.entry.dst() == e.dst()) throw new RtnetlinkException(RtnetlinkException.FILE_EXISTS);
            last = s;
        }
        last.next = slot(e, clock.nanos());
    }

    /** {@code bridge fdb replace}: the MAC's (first) entry becomes {@code e}. */
    public void replace(FdbEntry e) {
        Slot head = byMac.get(e.mac().value());
        if (head == null || expired(head)) {
            byMac.put(e.mac().value(), slot(e, clock.nanos()));
        } else {
            head.entry = e;
            head.seenNanos = clock.nanos();
        }
    }

    /**
     * {@code bridge fdb del MAC [dst IP]}: dst 0 removes every destination of the MAC.
     *
     * @throws RtnetlinkException {@code RTNETLINK answers: No such file or directory}
     */
    public void delete(MacAddress mac, int dst) {
        Slot head = byMac.get(mac.value());
        if (head == null || expired(head)) throw new RtnetlinkException(RtnetlinkException.NO_SUCH_FILE);
        if (dst == 0) {
            byMac.remove(mac.value());
            return;
        }
        Slot prev = null;
        for (Slot s = head; s != null; prev = s, s = s.next) {
            if (s.entry.dst() == dst) {
                if (prev != null) prev.next = s.next;
                else if (s.next != null) byMac.put(mac.value(), s.next);
                else byMac.remove(mac.value());
                return;
            }
        }
        throw new RtnetlinkException(RtnetlinkException.NO_SUCH_FILE);
    }

    /** Removes the entries on a port (the port left the bridge or was deleted). */
    public void flushPort(String port) {
        for (FdbEntry e : entries()) if (e.dev().equals(port)) delete(e.mac(), e.dst() == 0 ? 0 : e.dst());
    }

    /** Live entries, newest first (the order {@code bridge fdb show} walks a bridge's hlist). */
    public List<FdbEntry> entries() {
        List<Slot> slots = new ArrayList<>();
        byMac.forEach((mac, head) -> {
            for (Slot s = head; s != null; s = s.next) if (!expired(s)) slots.add(s);
        });
        slots.sort(Comparator.comparingLong((Slot s) -> s.seq).reversed());
        List<FdbEntry> out = new ArrayList<>(slots.size());
        for (Slot s : slots) out.add(s.entry);
        return out;
    }

    /** {@code bridge fdb show} for this table: one line per entry, each ending in a newline. */
    public String show() {
        StringBuilder sb = new StringBuilder();
        for (FdbEntry e : entries()) sb.append(e).append('\n');
        return sb.toString();
    }

    private boolean expired(Slot s) {
        return s.entry.state() == FdbState.DYNAMIC && clock.nanos() - s.seenNanos >= ageingSeconds * 1_000_000_000L;
    }

    private Slot slot(FdbEntry e, long now) {
        Slot s = new Slot();
        s.entry = e;
        s.seenNanos = now;
        s.seq = ++seq;
        return s;
    }
}
