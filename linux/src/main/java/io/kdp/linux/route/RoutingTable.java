package io.kdp.linux.route;

import io.kdp.linux.util.LongObjectMap;
import io.kdp.linux.RouteType;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One FIB table (struct fib_table). Routes are kept per prefix length in primitive hash maps of
 * network -> aliases; a bit mask of the lengths in use lets a lookup probe only those, longest
 * first, so lookups are O(distinct prefix lengths) and allocate nothing.
 *
 * <p>Aliases of one prefix are ordered as fib_table_insert orders them: by metric, then by
 * insertion (TOS is not modelled). A lookup takes the first alias that passes the scope/oif
 * filter; reject types (blackhole, unreachable, prohibit, throw) end the lookup where they match,
 * as fib_table_lookup returns their error at once.
 */
public final class RoutingTable {
    private static final Route[] NONE = new Route[0];

    private final int id;
    @SuppressWarnings("unchecked")
    private final LongObjectMap<Route[]>[] byLength = new LongObjectMap[33];
    private long lengths;
    private int size;

    public RoutingTable(int id) {
        if (id == 0) throw new IllegalArgumentException("table id 0 is RT_TABLE_UNSPEC");
        this.id = id;
    }

    public int id() {
        return id;
    }

    public int size() {
        return size;
    }

    /**
     * Longest-prefix match for {@code dst}: the winning route or null. Does not allocate.
     */
    public Route lookup(int dst) {
        return lookup(dst, RtNames.SCOPE_UNIVERSE, null);
    }

    /**
     * Longest-prefix match considering only routes whose scope is at least {@code minScope}
     * (flowi4_scope) and, when {@code oif} is not null, whose device is {@code oif} (reject routes
     * have no device and always pass, as in fib_table_lookup). Does not allocate.
     */
    public Route lookup(int dst, int minScope, String oif) {
        long m = lengths;
        while (m != 0) {
            int len = 63 - Long.numberOfLeadingZeros(m);
            m &= ~(1L << len);
            Route[] aliases = byLength[len].get(dst & Ip4.mask(len));
            if (aliases == null) continue;
            for (Route r : aliases) {
                if (r.scope() < minScope) continue;
                if (oif != null && r.dev() != null && !oif.equals(r.dev()) && !isReject(r.type())) continue;
                return r;
            }
        }
        return null;
    }

    static boolean isReject(RouteType t) {
        return t == RouteType.BLACKHOLE || t == RouteType.UNREACHABLE || t == RouteType.PROHIBIT || t == RouteType.THROW;
    }

    /**
     * {@code ip route add}: inserts a route. Like NLM_F_CREATE|NLM_F_EXCL, a route with the same
     * prefix and metric already in the table (whatever its type or nexthop) is
     * {@code RTNETLINK answers: File exists}.
     */
    public void add(Route r) {
        Route[] aliases = aliases(r);
        for (Route a : aliases) {
            if (a.metric() == r.metric()) throw new RtnetlinkException(RtnetlinkException.FILE_EXISTS);
        }
        insert(r, aliases);
    }

    /**
     * {@code ip route append} (NLM_F_APPEND): adds after the routes of equal metric; only an
     * identical route is {@code File exists}.
     */
    public void append(Route r) {
        Route[] aliases = aliases(r);
        for (Route a : aliases) {
            if (a.equals(r)) throw new RtnetlinkException(RtnetlinkException.FILE_EXISTS);
        }
        insert(r, aliases);
    }

    /**
     * {@code ip route replace}: replaces the first route with the same prefix and metric, or adds.
     *
     * @return the replaced route, or null when the route was added
     */
    public Route replace(Route r) {
        Route[] aliases = aliases(r);
        for (int i = 0; i < aliases.length; i++) {
            if (aliases[i].metric() == r.metric()) {
                Route old = aliases[i];
                Route[] copy = aliases.clone();
                copy[i] = r;
                map(r.dst().prefixLength()).put(r.dst().network(), copy);
                return old;
            }
        }
        insert(r, aliases);
        return null;
    }

    /**
     * {@code ip route del}: removes the first route of the selector's prefix that matches it, as
     * fib_table_delete does. In the selector, {@link RouteType#UNSPEC}, scope nowhere (255), proto 0,
     * metric 0, gateway 0, src 0 and a null dev mean "any".
     *
     * @return the removed route
     * @throws RtnetlinkException {@code RTNETLINK answers: No such process} when none matches
     */
    public Route delete(Route selector) {
        Route[] aliases = aliases(selector);
        for (int i = 0; i < aliases.length; i++) {
            Route a = aliases[i];
            if (selects(selector, a)) {
                remove(a.dst().prefixLength(), a.dst().network(), aliases, i);
                return a;
            }
        }
        throw new RtnetlinkException(RtnetlinkException.NO_SUCH_PROCESS);
    }

    /** Whether {@code selector} (with its wildcards) matches route {@code r} of the same prefix. */
    static boolean selects(Route selector, Route r) {
        return (selector.type() == RouteType.UNSPEC || selector.type() == r.type())
            && (selector.scope() == RtNames.SCOPE_NOWHERE || selector.scope() == r.scope())
            && (selector.prefsrc() == 0 || selector.prefsrc() == r.prefsrc())
            && (selector.protocol() == 0 || selector.protocol() == r.protocol())
            && (selector.metric() == 0 || selector.metric() == r.metric())
            && (selector.dev() == null || selector.dev().equals(r.dev()))
            && (selector.gateway() == 0 || selector.gateway() == r.gateway());
    }

    /** Removes every route whose device is {@code dev} (a device going away); returns how many. */
    public int deleteDevice(String dev) {
        int n = 0;
        for (Route r : routes()) {
            if (Objects.equals(r.dev(), dev)) {
                Route[] aliases = aliases(r);
                for (int i = 0; i < aliases.length; i++) {
                    if (aliases[i] == r) {
                        remove(r.dst().prefixLength(), r.dst().network(), aliases, i);
                        n++;
                        break;
                    }
                }
            }
        }
        return n;
    }

    /** Removes everything. */
    public void flush() {
        for (int i = 0; i <= 32; i++) byLength[i] = null;
        lengths = 0;
        size = 0;
    }

    /**
     * Routes in the order the kernel dumps them (a walk of the fib_trie): by network address, for
     * one network the longer prefix first, then alias order (metric, insertion).
     */
    public List<Route> routes() {
        List<Route[]> groups = new ArrayList<>();
        for (int len = 0; len <= 32; len++) {
            if (byLength[len] != null) byLength[len].forEach((net, a) -> groups.add(a));
        }
        groups.sort((x, y) -> {
            int c = Integer.compareUnsigned(x[0].dst().network(), y[0].dst().network());
            return c != 0 ? c : Integer.compare(y[0].dst().prefixLength(), x[0].dst().prefixLength());
        });
        List<Route> out = new ArrayList<>(size);
        for (Route[] g : groups) out.addAll(List.of(g));
        return out;
    }

    /** The aliases of {@code r}'s prefix (possibly empty), in order. */
    public Route[] aliases(Route r) {
        LongObjectMap<Route[]> map = byLength[r.dst().prefixLength()];
        Route[] a = map == null ? null : map.get(r.dst().network());
        return a == null ? NONE : a;
    }

    private LongObjectMap<Route[]> map(int len) {
        if (byLength[len] == null) byLength[len] = new LongObjectMap<>();
        return byLength[len];
    }

    private void insert(Route r, Route[] aliases) {
        int at = aliases.length;
        for (int i = 0; i < aliases.length; i++) {
            if (Integer.compareUnsigned(aliases[i].metric(), r.metric()) > 0) {
                at = i;
                break;
            }
        }
        Route[] copy = new Route[aliases.length + 1];
        System.arraycopy(aliases, 0, copy, 0, at);
        copy[at] = r;
        System.arraycopy(aliases, at, copy, at + 1, aliases.length - at);
        int len = r.dst().prefixLength();
        map(len).put(r.dst().network(), copy);
        lengths |= 1L << len;
        size++;
    }

    private void remove(int len, int network, Route[] aliases, int i) {
        LongObjectMap<Route[]> map = byLength[len];
        if (aliases.length == 1) {
            map.remove(network);
            if (map.isEmpty()) {
                byLength[len] = null;
                lengths &= ~(1L << len);
            }
        } else {
            Route[] copy = new Route[aliases.length - 1];
            System.arraycopy(aliases, 0, copy, 0, i);
            System.arraycopy(aliases, i + 1, copy, i, aliases.length - i - 1);
            map.put(network, copy);
        }
        size--;
    }
}
