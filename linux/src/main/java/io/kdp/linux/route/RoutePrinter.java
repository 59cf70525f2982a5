package io.kdp.linux.route;

import io.kdp.linux.RouteType;
import io.kdp.packet.Ip4;
import java.util.List;

/**
 * Prints routes exactly as iproute2 6.x {@code ip route show} does (ip/iproute.c print_route):
 * {@code [type] prefix [via GW] [dev DEV] [table T] [proto P] [scope S] [src SRC] [metric M] [onlink] [mtu N]},
 * every field followed by one space, so each line ends with a space as the real tool's do.
 * The type is omitted for unicast, {@code proto} for boot, {@code scope} for global (universe),
 * {@code metric} for 0; {@code table} is printed only when listing {@code table all} and the
 * table is not main.
 */
public final class RoutePrinter {
    private RoutePrinter() {}

    /**
     * One line without the newline.
     *
     * @param tableAll true for {@code ip route show table all}; false for {@code ip route show}
     *                 or {@code ip route show table X}, which never print the table
     */
    public static String format(Route r, boolean tableAll) {
        StringBuilder sb = new StringBuilder(96);
        if (r.type() != RouteType.UNICAST) sb.append(r.type().keyword()).append(' ');
        sb.append(r.dstText()).append(' ');
        if (r.gateway() != 0) sb.append("via ").append(Ip4.format(r.gateway())).append(' ');
        if (r.dev() != null) sb.append("dev ").append(r.dev()).append(' ');
        if (tableAll && r.table() != RtNames.TABLE_MAIN) sb.append("table ").append(RtNames.tableName(r.table())).append(' ');
        if (r.protocol() != RtNames.PROTO_BOOT) sb.append("proto ").append(RtNames.protoName(r.protocol())).append(' ');
        if (r.scope() != RtNames.SCOPE_UNIVERSE) sb.append("scope ").append(RtNames.scopeName(r.scope())).append(' ');
        if (r.prefsrc() != 0) sb.append("src ").append(Ip4.format(r.prefsrc())).append(' ');
        if (r.metric() != 0) sb.append("metric ").append(Integer.toUnsignedString(r.metric())).append(' ');
        if (r.onlink()) sb.append("onlink ");
        if (r.mtu() != 0) sb.append("mtu ").append(r.mtu()).append(' ');
        return sb.toString();
    }

    /** {@code ip route show} of a table (no table column): each line ends with a newline. */
    public static String show(RoutingTable t) {
        return show(t.routes(), false);
    }

    /** Lines for the given routes, each followed by a newline. */
    public static String show(List<Route> routes, boolean tableAll) {
        StringBuilder sb = new StringBuilder();
        for (Route r : routes) sb.append(format(r, tableAll)).append('\n');
        return sb.toString();
    }
}
