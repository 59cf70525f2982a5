package io.kdp.linux.route;

import io.kdp.linux.RouteType;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;

/**
 * Parses {@code ip route add/del} arguments and {@code ip route show} lines into {@link Route}s,
 * with iproute2's grammar (ip/iproute.c iproute_modify): options in any order; the first word
 * that is not an option is the destination, optionally preceded by {@code to} and a route type.
 * Errors carry the message iproute2 prints, naming the offending word.
 *
 * <p>The three entry points differ only in defaults for what the text leaves out:
 * <ul>
 *   <li>{@link #parseShowLine}: what {@code ip route show} omits (type unicast, proto boot,
 *       scope global, metric 0, the listed table);</li>
 *   <li>{@link #parseAdd}: what {@code ip route add} fills in (proto boot; scope host for local,
 *       link for broadcast and for unicast without a gateway, else global; table local for local,
 *       broadcast, anycast and nat routes, else main);</li>
 *   <li>{@link #parseDelete}: a selector for {@link RoutingTable#delete} in which omitted fields
 *       match anything.</li>
 * </ul>
 */
public final class RouteParser {
    private RouteParser() {}

    private enum Mode { SHOW, ADD, DELETE }

    /** Parses a line of {@code ip route show} (a table's own listing or {@code table all}); table main when absent. */
    public static Route parseShowLine(String line) {
        return parseShowLine(line, RtNames.TABLE_MAIN);
    }

    /** Parses a line of {@code ip route show table T}, whose lines do not name the table. */
    public static Route parseShowLine(String line, int listedTable) {
        return parse(line, Mode.SHOW, listedTable);
    }

    /** Parses the arguments of {@code ip route add} (or append/replace), e.g. {@code 10.0.0.0/8 via 10.1.0.1}. */
    public static Route parseAdd(String args) {
        return parse(args, Mode.ADD, RtNames.TABLE_MAIN);
    }

    /** Same as {@link #parseAdd}: the arguments of {@code ip route add/append/replace}. */
    public static Route parse(String args) {
        return parseAdd(args);
    }

    /** Parses the arguments of {@code ip route del} into a selector. */
    public static Route parseDelete(String args) {
        return parse(args, Mode.DELETE, RtNames.TABLE_MAIN);
    }

    private static Route parse(String text, Mode mode, int defaultTable) {
        if (text == null) throw new RouteSyntaxException(USAGE);
        String[] w = text.trim().split("\\s+");
        if (w.length == 1 && w[0].isEmpty()) throw new RouteSyntaxException(USAGE);
        RouteType type = null;
        Cidr dst = null;
        int gateway = 0, prefsrc = 0, metric = 0, mtu = 0;
        int table = -1, scope = -1, proto = -1;
        String dev = null;
        boolean onlink = false;
        for (int i = 0; i < w.length; i++) {
            String k = w[i];
            switch (k) {
                case "via" -> gateway = address(value(w, ++i));
                case "dev", "oif" -> dev = value(w, ++i);
                case "src" -> prefsrc = address(value(w, ++i));
                case "onlink" -> onlink = true;
                case "table" -> {
                    String v = value(w, ++i);
                    table = RtNames.parseTable(v);
                    if (table == 0) throw RouteSyntaxException.invalidArgument("\"table\" value is invalid", v);
                }
                case "proto", "protocol" -> {
                    String v = value(w, ++i);
                    proto = RtNames.parseProto(v);
                    if (proto < 0) throw RouteSyntaxException.invalidArgument("\"protocol\" value is invalid", v);
                }
                case "scope" -> {
                    String v = value(w, ++i);
                    scope = RtNames.parseScope(v);
                    if (scope < 0) throw RouteSyntaxException.invalidArgument("invalid \"scope\" value", v);
                }
                case "metric", "preference", "priority" -> {
                    String v = value(w, ++i);
                    long m = RtNames.parseUnsignedLong(v);
                    if (m < 0) throw RouteSyntaxException.invalidArgument("\"metric\" value is invalid", v);
                    metric = (int) m;
                }
                case "mtu" -> {
                    String v = value(w, ++i);
                    long m = RtNames.parseUnsignedLong(v);
                    if (m <= 0 || m > Integer.MAX_VALUE) throw RouteSyntaxException.invalidArgument("\"mtu\" value is invalid", v);
                    mtu = (int) m;
                }
                default -> {
                    // NODE_SPEC: [to] [TYPE] PREFIX
                    if (k.equals("to")) k = value(w, ++i);
                    RouteType t = k.isEmpty() || Character.isDigit(k.charAt(0)) ? null : RtNames.parseType(k);
                    if (t != null) {
                        type = t;
                        k = value(w, ++i);
                    }
                    if (dst != null) throw RouteSyntaxException.garbage("to", k);
                    dst = prefix(k);
                }
            }
        }
        if (dst == null) throw new RouteSyntaxException(USAGE);
        if (mode == Mode.DELETE) {
            if (type == null) type = RouteType.UNSPEC;
            if (scope < 0) scope = RtNames.SCOPE_NOWHERE;
            if (proto < 0) proto = RtNames.PROTO_UNSPEC;
        } else {
            if (type == null) type = RouteType.UNICAST;
            if (proto < 0) proto = RtNames.PROTO_BOOT;
            if (scope < 0) scope = mode == Mode.SHOW ? RtNames.SCOPE_UNIVERSE : defaultScope(type, gateway);
        }
        if (table < 0) table = mode == Mode.SHOW ? defaultTable : defaultTable(type);
        return new Route(type, dst, gateway, dev, onlink, scope, proto, prefsrc, metric, table, mtu);
    }

    static final String USAGE = "Usage: ip route { add | del | change | append | replace } ROUTE";

    /** iproute2's default scope for a new route of this type. */
    private static int defaultScope(RouteType type, int gateway) {
        return switch (type) {
            case LOCAL, NAT -> RtNames.SCOPE_HOST;
            case BROADCAST, MULTICAST, ANYCAST -> RtNames.SCOPE_LINK;
            case UNICAST, UNSPEC -> gateway == 0 ? RtNames.SCOPE_LINK : RtNames.SCOPE_UNIVERSE;
            default -> RtNames.SCOPE_UNIVERSE;
        };
    }

    /** iproute2 puts local, broadcast, anycast and nat routes in the local table unless told otherwise. */
    private static int defaultTable(RouteType type) {
        return switch (type) {
            case LOCAL, BROADCAST, ANYCAST, NAT -> RtNames.TABLE_LOCAL;
            default -> RtNames.TABLE_MAIN;
        };
    }

    private static String value(String[] w, int i) {
        if (i >= w.length) throw RouteSyntaxException.incomplete();
        return w[i];
    }

    static int address(String s) {
        try {
            return Ip4.parse(s);
        } catch (IllegalArgumentException e) {
            throw new RouteSyntaxException("Error: inet address is expected rather than \"" + s + "\".");
        }
    }

    static Cidr prefix(String s) {
        if (s.equals("default") || s.equals("all") || s.equals("any")) return Route.DEFAULT;
        Cidr c;
        try {
            c = Cidr.parse(s);
        } catch (IllegalArgumentException e) {
            throw new RouteSyntaxException("Error: any valid prefix is expected rather than \"" + s + "\".");
        }
        if (c.address() != c.network()) throw new RtnetlinkException(RtnetlinkException.INVALID_PREFIX);
        return c;
    }
}
