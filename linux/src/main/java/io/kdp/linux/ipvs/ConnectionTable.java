package io.kdp.linux.ipvs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IPVS connection table of one namespace (ip_vs_conn.c): connections found from the client side
 * by {@code (protocol, caddr, cport, vaddr, vport)} (ip_vs_conn_in_get) and from the real server
 * side by {@code (protocol, daddr, dport, caddr, cport)} (ip_vs_conn_out_get), persistence templates
 * by {@code (protocol, masked caddr, vaddr or fwmark, vport)} (ip_vs_ct_in_get). Timers run on the
 * virtual clock: a connection expires when its deadline passes, except a template that still
 * controls connections, whose timer is re-armed for another full timeout (ip_vs_conn_expire).
 */
public final class ConnectionTable {
    /** Hash key of one direction. */
    record Key(int protocol, int a1, int p1, int a2, int p2) {}

    private final Map<Key, IpvsConnection> in = new HashMap<>();
    private final Map<Key, IpvsConnection> out = new HashMap<>();
    private final Map<Key, IpvsConnection> templates = new HashMap<>();
    /** Templates taken out of the lookup hash by ip_vs_check_template, still alive until their timer runs out. */
    private final Set<IpvsConnection> invalidated = new LinkedHashSet<>();
    /** Insertion order for listing (the kernel lists hash-bucket order). */
    private final Set<IpvsConnection> all = new LinkedHashSet<>();
    private long earliest = Long.MAX_VALUE;

    void add(IpvsConnection c) {
        if (c.template()) {
            templates.put(templateKey(c.protocol(), c.clientAddress(), c.virtualAddress(), c.virtualPort()), c);
        } else {
            in.put(new Key(c.protocol(), c.clientAddress(), c.clientPort(), c.virtualAddress(), c.virtualPort()), c);
            out.put(new Key(c.protocol(), c.destAddress(), c.destPort(), c.clientAddress(), c.clientPort()), c);
        }
        all.add(c);
        earliest = Math.min(earliest, c.deadlineNanos());
    }

    static Key templateKey(int protocol, int maskedClient, int vaddrOrMark, int vport) {
        return new Key(protocol, maskedClient, 0, vaddrOrMark, vport);
    }

    /** ip_vs_conn_in_get: the connection a client packet belongs to, or null. */
    public IpvsConnection inGet(int protocol, int saddr, int sport, int daddr, int dport, long now) {
        expire(now);
        return in.get(new Key(protocol, saddr, sport, daddr, dport));
    }

    /** ip_vs_conn_out_get: the connection a real server's reply belongs to, or null. */
    public IpvsConnection outGet(int protocol, int saddr, int sport, int daddr, int dport, long now) {
        expire(now);
        return out.get(new Key(protocol, saddr, sport, daddr, dport));
    }

    /** ip_vs_ct_in_get: a live template, or null. */
    IpvsConnection template(Key key, long now) {
        expire(now);
        return templates.get(key);
    }

    /** ip_vs_check_template failed: the template can no longer be found, but lives out its timer. */
    void invalidate(IpvsConnection template) {
        templates.values().remove(template);
        invalidated.add(template);
    }

    /** The connection's timer was restarted or shortened. */
    void rearmed(IpvsConnection c) {
        earliest = Math.min(earliest, c.deadlineNanos());
    }

    /**
     * Runs every timer that is due, in deadline order: connections leave the table and release their
     * server and template; a template still controlling connections is re-armed for its timeout.
     */
    public int expire(long now) {
        if (now < earliest) return 0;
        int removed = 0;
        // The due timers in deadline order, ties in table order (a stable sort of one pass over the
        // table), so that expiring n connections costs O(n log n), not a rescan per connection.
        // Templates that expire_later re-arms and that are still due wait in a small queue.
        List<IpvsConnection> due = new ArrayList<>();
        for (IpvsConnection c : all) if (c.deadlineNanos() <= now) due.add(c);
        due.sort(Comparator.comparingLong(IpvsConnection::deadlineNanos));
        java.util.PriorityQueue<IpvsConnection> rearmed = new java.util.PriorityQueue<>(Comparator.comparingLong(IpvsConnection::deadlineNanos));
        int i = 0;
        while (i < due.size() || !rearmed.isEmpty()) {
            IpvsConnection c = !rearmed.isEmpty() && (i == due.size() || rearmed.peek().deadlineNanos() < due.get(i).deadlineNanos())
                    ? rearmed.poll() : due.get(i++);
            if (c.template() && c.controlled() > 0) {
                // expire_later: the timer fires again one timeout after it was due.
                c.restartTimerFrom(c.deadlineNanos());
                if (c.deadlineNanos() <= now) rearmed.add(c);
                continue;
            }
            remove(c);
            removed++;
        }
        earliest = Long.MAX_VALUE;
        for (IpvsConnection c : all) earliest = Math.min(earliest, c.deadlineNanos());
        return removed;
    }

    private void remove(IpvsConnection c) {
        all.remove(c);
        if (c.template()) {
            templates.values().remove(c);
            invalidated.remove(c);
        } else {
            in.remove(new Key(c.protocol(), c.clientAddress(), c.clientPort(), c.virtualAddress(), c.virtualPort()), c);
            out.remove(new Key(c.protocol(), c.destAddress(), c.destPort(), c.clientAddress(), c.clientPort()), c);
        }
        c.unlink();
    }

    /** Removes every connection and template (ipvsadm -C drops services; their connections expire). */
    void clear() {
        for (IpvsConnection c : new ArrayList<>(all)) remove(c);
    }

    /** Live connections and templates after running due timers, oldest first. */
    public List<IpvsConnection> entries(long now) {
        expire(now);
        return List.copyOf(all);
    }

    public int size() {
        return all.size();
    }
}
