package io.kdp.linux.route;

import io.kdp.linux.util.LongObjectMap;
import io.kdp.linux.RouteType;
import io.kdp.packet.Ip4;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The IPv4 forwarding information base of one network namespace: the routing tables plus the
 * policy rules ({@code ip rule}) that choose among them (net/ipv4/fib_rules.c, fib_frontend.c).
 * Starts with the kernel's tables local (255), main (254), default (253) and rules
 * {@code 0 lookup local}, {@code 32766 lookup main}, {@code 32767 lookup default}.
 *
 * <p>{@link #lookup} runs on the per-packet path: it walks a rule array and probes tables without
 * allocating. Its result is the matching {@link Route}; for reject rules it is one of the
 * {@code RULE_*} constants; null means no route ({@code Network is unreachable}).
 */
public final class Fib {
    /** What a {@code blackhole} rule yields. */
    public static final Route RULE_BLACKHOLE = Route.reject(RouteType.BLACKHOLE, Route.DEFAULT).withTable(0);
    /** What an {@code unreachable} rule yields. */
    public static final Route RULE_UNREACHABLE = Route.reject(RouteType.UNREACHABLE, Route.DEFAULT).withTable(0);
    /** What a {@code prohibit} rule yields. */
    public static final Route RULE_PROHIBIT = Route.reject(RouteType.PROHIBIT, Route.DEFAULT).withTable(0);

    private final LongObjectMap<RoutingTable> tables = new LongObjectMap<>();
    private final List<RoutingTable> created = new ArrayList<>();
    private FibRule[] rules;

    public Fib() {
        table(RtNames.TABLE_LOCAL);
        table(RtNames.TABLE_MAIN);
        table(RtNames.TABLE_DEFAULT);
        rules = new FibRule[] {
            FibRule.lookup(0, RtNames.TABLE_LOCAL),
            FibRule.lookup(32766, RtNames.TABLE_MAIN),
            FibRule.lookup(32767, RtNames.TABLE_DEFAULT)};
    }

    /** The table with this id, created if needed (fib_new_table). */
    public RoutingTable table(int id) {
        RoutingTable t = tables.get(id);
        if (t == null) {
            t = new RoutingTable(id);
            tables.put(id, t);
            created.add(t);
        }
        return t;
    }

    /** The table with this id, or null. */
    public RoutingTable tableIfExists(int id) {
        return tables.get(id);
    }

    public RoutingTable main() {
        return table(RtNames.TABLE_MAIN);
    }

    public RoutingTable local() {
        return table(RtNames.TABLE_LOCAL);
    }

    /**
     * Tables in the order {@code ip route show table all} dumps them: by hash bucket (id mod 256),
     * newer tables first within a bucket (fib_table_hash, hlist_add_head).
     */
    public List<RoutingTable> tables() {
        List<RoutingTable> out = new ArrayList<>(created);
        java.util.Collections.reverse(out);
        out.sort(Comparator.comparingInt(t -> t.id() & 0xff));
        return out;
    }

    // ---------------------------------------------------------------- routes

    /**
     * {@code ip route add}: validates the nexthop as the kernel does and inserts the route.
     *
     * @return the route as stored (its {@code dev} filled in from the gateway's route when omitted)
     */
    public Route addRoute(Route r) {
        Route resolved = resolve(r);
        table(r.table()).add(resolved);
        return resolved;
    }

    /** {@code ip route append}. */
    public Route appendRoute(Route r) {
        Route resolved = resolve(r);
        table(r.table()).append(resolved);
        return resolved;
    }

    /** {@code ip route replace}. */
    public Route replaceRoute(Route r) {
        Route resolved = resolve(r);
        table(r.table()).replace(resolved);
        return resolved;
    }

    /** {@code ip route del} with a selector (see {@link RoutingTable#delete}). */
    public Route deleteRoute(Route selector) {
        RoutingTable t = tableIfExists(selector.table());
        if (t == null) throw new RtnetlinkException(RtnetlinkException.NO_SUCH_PROCESS);
        return t.delete(selector);
    }

    /** Adds the routes the kernel creates for an address (fib_add_ifaddr), skipping ones already there. */
    public void addKernelRoutes(List<Route> routes) {
        for (Route r : routes) {
            RoutingTable t = table(r.table());
            boolean present = false;
            for (Route a : t.aliases(r)) present |= a.equals(r);
            if (!present) t.append(r);
        }
    }

    /** Removes the routes the kernel created for an address (fib_del_ifaddr); missing ones are ignored. */
    public void removeKernelRoutes(List<Route> routes) {
        for (Route r : routes) {
            RoutingTable t = tableIfExists(r.table());
            if (t == null) continue;
            for (Route a : t.aliases(r)) {
                if (a.equals(r)) {
                    t.delete(a);
                    break;
                }
            }
        }
    }

    /** Removes the routes of every table that use {@code dev} (the device was deleted). */
    public int deleteDevice(String dev) {
        int n = 0;
        for (RoutingTable t : created) n += t.deleteDevice(dev);
        return n;
    }

    /**
     * The kernel's nexthop checks (fib_check_nh_v4_gw): a gateway must be reachable through a
     * unicast or local route of scope link or narrower (scope &gt; the route's own scope), found in
     * the route's table or else by a full policy lookup, restricted to {@code dev} when given;
     * {@code onlink} skips that but needs a device and a gateway that is not a local/broadcast
     * address. Device existence is the caller's business.
     *
     * @return the route with {@code dev} set from the gateway's route when it was omitted
     */
    public Route resolve(Route r) {
        if (RoutingTable.isReject(r.type())) return r;
        if (r.gateway() == 0) {
            if (r.dev() == null) throw new RtnetlinkException(RtnetlinkException.NO_SUCH_DEVICE);
            return r;
        }
        if (r.onlink()) {
            if (r.dev() == null) throw new RtnetlinkException(RtnetlinkException.ONLINK_NEEDS_DEVICE);
            if (addressType(r.gateway()) != RouteType.UNICAST) throw new RtnetlinkException(RtnetlinkException.INVALID_GATEWAY);
            return r;
        }
        int minScope = Math.max(r.scope() + 1, RtNames.SCOPE_LINK);
        Route res = null;
        if (r.table() != RtNames.TABLE_MAIN) {
            RoutingTable t = tableIfExists(r.table());
            if (t != null) res = t.lookup(r.gateway(), minScope, r.dev());
        }
        if (res == null || res.type() == RouteType.THROW) res = lookup(r.gateway(), 0, 0, "lo", r.dev(), minScope);
        if (res == null || (res.type() != RouteType.UNICAST && res.type() != RouteType.LOCAL)) {
            throw new RtnetlinkException(RtnetlinkException.INVALID_GATEWAY);
        }
        return r.dev() == null ? r.withDev(res.dev()) : r;
    }

    // ---------------------------------------------------------------- lookup

    /** Route lookup for a destination with no source, mark or device constraints. */
    public Route lookup(int dst) {
        return lookup(dst, 0, 0, null, null, RtNames.SCOPE_UNIVERSE);
    }

    /**
     * fib_lookup: walks the rules by priority; a matching lookup rule whose table has no route, or
     * whose route is {@code throw}, passes on to the next rule. Does not allocate.
     *
     * @param iif input device name ({@code lo} for locally generated packets) or null
     * @param oif bound output device or null; it is also a nexthop filter, as flowi4_oif is
     * @return the route, a {@code RULE_*} constant, or null for "Network is unreachable"
     */
    public Route lookup(int dst, int src, int mark, String iif, String oif) {
        return lookup(dst, src, mark, iif, oif, RtNames.SCOPE_UNIVERSE);
    }

    private Route lookup(int dst, int src, int mark, String iif, String oif, int minScope) {
        FibRule[] rs = rules;
        for (FibRule rule : rs) {
            if (!rule.matches(dst, src, mark, iif, oif)) continue;
            switch (rule.action()) {
                case BLACKHOLE:
                    return RULE_BLACKHOLE;
                case UNREACHABLE:
                    return RULE_UNREACHABLE;
                case PROHIBIT:
                    return RULE_PROHIBIT;
                default:
                    RoutingTable t = tables.get(rule.table());
                    if (t == null) continue;
                    Route r = t.lookup(dst, minScope, oif);
                    if (r == null || r.type() == RouteType.THROW) continue;
                    return r;
            }
        }
        return null;
    }

    /**
     * inet_addr_type: LOCAL, BROADCAST, MULTICAST or UNICAST, judged by the local table; what
     * {@code -m addrtype} matches. Does not allocate.
     */
    public RouteType addressType(int ip) {
        if ((ip & 0xff000000) == 0 || Ip4.isLimitedBroadcast(ip)) return RouteType.BROADCAST;
        if (Ip4.isMulticast(ip)) return RouteType.MULTICAST;
        Route r = local().lookup(ip);
        return r == null ? RouteType.UNICAST : r.type();
    }

    // ---------------------------------------------------------------- rules

    /** Rules in priority order, as {@code ip rule show} lists them. */
    public List<FibRule> rules() {
        return List.of(rules);
    }

    /**
     * {@code ip rule add}. A negative pref takes the kernel's default: one less than the priority of
     * the second rule (fib_default_rule_pref), so 32765, 32764, ... A rule goes after the existing
     * rules of equal priority. Duplicates are allowed, as with iproute2 6.x.
     *
     * @return the rule as stored (with its priority)
     */
    public FibRule addRule(FibRule rule) {
        if (rule.action() == RuleAction.LOOKUP) table(rule.table());
        FibRule r = rule.pref() >= 0 ? rule : rule.withPref(defaultPref());
        FibRule[] rs = rules;
        int at = rs.length;
        for (int i = 0; i < rs.length; i++) {
            if (Integer.compareUnsigned(rs[i].pref(), r.pref()) > 0) {
                at = i;
                break;
            }
        }
        FibRule[] copy = new FibRule[rs.length + 1];
        System.arraycopy(rs, 0, copy, 0, at);
        copy[at] = r;
        System.arraycopy(rs, at, copy, at + 1, rs.length - at);
        rules = copy;
        return r;
    }

    private int defaultPref() {
        FibRule[] rs = rules;
        if (rs.length >= 2 && rs[1].pref() != 0) return rs[1].pref() - 1;
        return 0;
    }

    /**
     * {@code ip rule del}: removes the first rule (in priority order) the matcher accepts; see
     * {@link FibRuleParser#parseDelete}.
     *
     * @throws RtnetlinkException {@code RTNETLINK answers: No such file or directory}
     */
    public FibRule deleteRule(java.util.function.Predicate<FibRule> matcher) {
        for (FibRule r : rules) if (matcher.test(r)) return removeRule(r);
        throw new RtnetlinkException(RtnetlinkException.NO_SUCH_FILE);
    }

    /** {@code ip rule del pref N}: removes the first rule with that priority. */
    public FibRule deleteRule(int pref) {
        return deleteRule(r -> r.pref() == pref);
    }

    private FibRule removeRule(FibRule r) {
        List<FibRule> l = new ArrayList<>(List.of(rules));
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) == r) {
                l.remove(i);
                break;
            }
        }
        rules = l.toArray(new FibRule[0]);
        return r;
    }

    /** {@code ip rule show}: one line per rule, each ending in a newline. */
    public String showRules() {
        StringBuilder sb = new StringBuilder();
        for (FibRule r : rules) sb.append(r).append('\n');
        return sb.toString();
    }

    /** {@code ip route show table all} for IPv4. */
    public String showAll() {
        StringBuilder sb = new StringBuilder();
        for (RoutingTable t : tables()) {
            for (Route r : t.routes()) sb.append(RoutePrinter.format(r, true)).append('\n');
        }
        return sb.toString();
    }
}
