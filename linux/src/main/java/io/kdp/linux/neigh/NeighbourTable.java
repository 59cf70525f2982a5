package io.kdp.linux.neigh;

import io.kdp.linux.util.LongObjectMap;
import io.kdp.linux.route.RtnetlinkException;
import io.kdp.packet.MacAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPv4 neighbour (ARP) cache of one namespace (net/core/neighbour.c arp_tbl) plus its proxy
 * entries. Entries are keyed by (address, device); {@link #lookup} and {@link #resolved} allocate
 * nothing. States change only when told ({@link #learn}, {@link #fail}, {@link #replace}): the
 * emulator does not age REACHABLE entries to STALE.
 *
 * <p>{@code ip neigh show} lists the kernel's hash order, which is random; this table lists
 * entries in the order they were created.
 */
public final class NeighbourTable {
    private final LongObjectMap<NeighbourEntry[]> byIp = new LongObjectMap<>();
    private final LongObjectMap<NeighbourEntry[]> proxies = new LongObjectMap<>();
    private final List<NeighbourEntry> order = new ArrayList<>();

    /** The entry for (ip, dev), or null. Does not allocate. */
    public NeighbourEntry lookup(int ip, String dev) {
        return find(byIp, ip, dev);
    }

    /** The link-layer address for (ip, dev) if the entry is valid (NUD_VALID), else null. Does not allocate. */
    public MacAddress resolved(int ip, String dev) {
        NeighbourEntry e = find(byIp, ip, dev);
        return e != null && e.state().isValid() ? e.lladdr() : null;
    }

    /** Whether (ip, dev) is FAILED: resolution was tried and nobody answered. */
    public boolean failed(int ip, String dev) {
        NeighbourEntry e = find(byIp, ip, dev);
        return e != null && e.state() == NudState.FAILED;
    }

    /** The state name as {@code ip neigh} prints it ({@code REACHABLE}), or null without an entry. */
    public String stateName(int ip, String dev) {
        NeighbourEntry e = find(byIp, ip, dev);
        return e == null ? null : e.state().name();
    }

    /** Whether a proxy entry answers ARP for ip on dev ({@code ip neigh add proxy}). Does not allocate. */
    public boolean isProxy(int ip, String dev) {
        return find(proxies, ip, dev) != null;
    }

    /**
     * An ARP reply arrived (arp_process -> neigh_update): the entry becomes REACHABLE with
     * {@code mac}. PERMANENT and NOARP entries are administrative and are left alone.
     */
    public void learn(int ip, String dev, MacAddress mac) {
        NeighbourEntry e = find(byIp, ip, dev);
        if (e != null && (e.state() == NudState.PERMANENT || e.state() == NudState.NOARP)) return;
        put(NeighbourEntry.of(ip, dev, mac, NudState.REACHABLE));
    }

    /** Resolution timed out: the entry becomes FAILED (unless it is administrative or valid). */
    public void fail(int ip, String dev) {
        NeighbourEntry e = find(byIp, ip, dev);
        if (e != null && e.state().isValid()) return;
        put(NeighbourEntry.of(ip, dev, null, NudState.FAILED));
    }

    /**
     * {@code ip neigh add}: creates an entry (or a proxy entry).
     *
     * @throws RtnetlinkException {@code RTNETLINK answers: File exists} if (ip, dev) exists
     */
    public void add(NeighbourEntry e) {
        LongObjectMap<NeighbourEntry[]> m = e.proxy() ? proxies : byIp;
        if (find(m, e.ip(), e.dev()) != null) throw new RtnetlinkException(RtnetlinkException.FILE_EXISTS);
        put(e);
    }

    /** {@code ip neigh replace}: creates or overwrites the entry. */
    public void replace(NeighbourEntry e) {
        put(e);
    }

    /**
     * {@code ip neigh del ADDR dev D} (or {@code ip neigh del proxy ADDR dev D}).
     *
     * @throws RtnetlinkException {@code RTNETLINK answers: No such file or directory}
     */
    public NeighbourEntry delete(int ip, String dev, boolean proxy) {
        LongObjectMap<NeighbourEntry[]> m = proxy ? proxies : byIp;
        NeighbourEntry e = find(m, ip, dev);
        if (e == null) throw new RtnetlinkException(RtnetlinkException.NO_SUCH_FILE);
        remove(m, e);
        return e;
    }

    /** Drops every entry of a device ({@code ip neigh flush dev D}, or the device went away). */
    public void flushDevice(String dev) {
        for (NeighbourEntry e : new ArrayList<>(order)) {
            if (e.dev().equals(dev)) remove(e.proxy() ? proxies : byIp, e);
        }
    }

    /** All entries (proxy entries included) in creation order. */
    public List<NeighbourEntry> entries() {
        return List.copyOf(order);
    }

    /** {@code ip neigh show}: non-proxy entries except NOARP and NONE ones, each line ending in a newline. */
    public String show() {
        StringBuilder sb = new StringBuilder();
        for (NeighbourEntry e : order) {
            if (!e.proxy() && e.state() != NudState.NOARP && e.state() != NudState.NONE) sb.append(e).append('\n');
        }
        return sb.toString();
    }

    /** {@code ip neigh show nud all}: every non-proxy entry. */
    public String showAll() {
        StringBuilder sb = new StringBuilder();
        for (NeighbourEntry e : order) if (!e.proxy()) sb.append(e).append('\n');
        return sb.toString();
    }

    /** {@code ip neigh show proxy}. */
    public String showProxy() {
        StringBuilder sb = new StringBuilder();
        for (NeighbourEntry e : order) if (e.proxy()) sb.append(e).append('\n');
        return sb.toString();
    }

    private static NeighbourEntry find(LongObjectMap<NeighbourEntry[]> m, int ip, String dev) {
        NeighbourEntry[] a = m.get(ip);
        if (a == null) return null;
        for (NeighbourEntry e : a) if (e.dev().equals(dev)) return e;
        return null;
    }

    private void put(NeighbourEntry e) {
        LongObjectMap<NeighbourEntry[]> m = e.proxy() ? proxies : byIp;
        NeighbourEntry old = find(m, e.ip(), e.dev());
        NeighbourEntry[] a = m.get(e.ip());
        if (old != null) {
            NeighbourEntry[] copy = a.clone();
            for (int i = 0; i < copy.length; i++) if (copy[i] == old) copy[i] = e;
            m.put(e.ip(), copy);
            for (int i = 0; i < order.size(); i++) {
                if (order.get(i) == old) {
                    order.set(i, e);
                    break;
                }
            }
        } else {
            NeighbourEntry[] copy = a == null ? new NeighbourEntry[1] : java.util.Arrays.copyOf(a, a.length + 1);
            copy[copy.length - 1] = e;
            m.put(e.ip(), copy);
            order.add(e);
        }
    }

    private void remove(LongObjectMap<NeighbourEntry[]> m, NeighbourEntry e) {
        NeighbourEntry[] a = m.get(e.ip());
        List<NeighbourEntry> rest = new ArrayList<>();
        for (NeighbourEntry x : a) if (x != e) rest.add(x);
        if (rest.isEmpty()) m.remove(e.ip());
        else m.put(e.ip(), rest.toArray(new NeighbourEntry[0]));
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i) == e) {
                order.remove(i);
                break;
            }
        }
    }
}
