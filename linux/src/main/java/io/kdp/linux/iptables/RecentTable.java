package io.kdp.linux.iptables;

import io.kdp.packet.Ip4;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code xt_recent} list (/proc/net/xt_recent/NAME): addresses with their last
 * {@link #PKT_LIST_TOT} time stamps, at most {@link #LIST_TOT} entries, least recently updated
 * evicted first. Time stamps are jiffies at {@link #HZ} derived from the virtual clock.
 */
public final class RecentTable {
    /** Module parameter ip_list_tot: entries per table. */
    public static final int LIST_TOT = 100;
    /** Module parameter ip_pkt_list_tot: time stamps kept per entry. */
    public static final int PKT_LIST_TOT = 20;
    /** CONFIG_HZ of a Debian kernel. */
    public static final long HZ = 250;
    /** INITIAL_JIFFIES on a 64-bit kernel: jiffies start 300 s before the 32-bit wrap. */
    static final long INITIAL_JIFFIES = 0xffff_ffffL & (-300L * HZ);

    private final String name;
    private final int mask;
    /** In LRU order: the first entry is the least recently updated (t->lru_list). */
    private final LinkedHashMap<Integer, Entry> entries = new LinkedHashMap<>(16, 0.75f, false);

    RecentTable(String name, int mask) {
        this.name = name;
        this.mask = mask;
    }

    public String name() { return name; }

    /** The netmask applied to addresses (from the rule that created the table). */
    public int mask() { return mask; }

    public int size() { return entries.size(); }

    /** jiffies for a virtual-clock time. */
    static long jiffies(long nanos) {
        return INITIAL_JIFFIES + nanos / (1_000_000_000L / HZ);
    }

    Entry lookup(int addr, int ttl) {
        Entry e = entries.get(addr);
        if (e != null && ttl != 0 && e.ttl != ttl) return null;
        return e;
    }

    Entry insert(int addr, int ttl, long now) {
        if (entries.size() >= LIST_TOT) {
            Iterator<Entry> it = entries.values().iterator();
            it.next();
            it.remove();
        }
        Entry e = new Entry(addr, ttl);
        entries.put(addr, e);
        e.stamp(now);
        return e;
    }

    void update(Entry e, long now) {
        e.stamp(now);
        entries.remove(e.addr); // move to the LRU tail
        entries.put(e.addr, e);
    }

    void remove(Entry e) {
        entries.remove(e.addr);
    }

    /** recent_entry_reap: drops the least recently updated entry if its newest stamp is before {@code time}. */
    void reap(long time, Entry working, boolean update) {
        if (entries.isEmpty()) return;
        Entry oldest = entries.values().iterator().next();
        if (oldest == working && update) return;
        if (oldest.newest() < time) entries.remove(oldest.addr);
    }

    /** Whether {@code addr} (masked) is listed. */
    public boolean contains(int addr) {
        return entries.containsKey(addr & mask);
    }

    /** The file /proc/net/xt_recent/NAME as the kernel prints it (recent_seq_show). */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries.values()) {
            sb.append("src=").append(Ip4.format(e.addr)).append(" ttl: ").append(e.ttl)
                    .append(" last_seen: ").append(e.newest()).append(" oldest_pkt: ").append(e.index);
            for (int i = 0; i < e.count; i++) sb.append(i == 0 ? " " : ", ").append(e.stamps[i]);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Entries by address, for tests and tools. */
    public Map<Integer, Entry> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    /** One address with its time stamps (struct recent_entry). */
    public static final class Entry {
        final int addr;
        int ttl;
        final long[] stamps = new long[PKT_LIST_TOT];
        int index;
        int count;

        Entry(int addr, int ttl) {
            this.addr = addr;
            this.ttl = ttl;
        }

        void stamp(long now) {
            if (index == 0) count = Math.max(count, 0);
            stamps[index] = now;
            index = (index + 1) % PKT_LIST_TOT;
            if (count < PKT_LIST_TOT) count++;
        }

        /** The most recent time stamp in jiffies. */
        public long newest() {
            return stamps[(index + PKT_LIST_TOT - 1) % PKT_LIST_TOT];
        }

        /** How many time stamps are kept. */
        public int hits() {
            return count;
        }
    }
}
