package io.kdp.linux.route;

import io.kdp.linux.RouteType;
import java.util.Map;
import java.util.TreeMap;

/**
 * The number/name tables iproute2 uses ({@code /etc/iproute2/rt_protos}, {@code rt_scopes},
 * {@code rt_tables}, and the RTN_* type names). Unknown numbers print as decimal, as
 * {@code rtnl_*_n2a} do.
 */
public final class RtNames {
    private RtNames() {}

    public static final int TABLE_UNSPEC = 0;
    public static final int TABLE_DEFAULT = 253;
    public static final int TABLE_MAIN = 254;
    public static final int TABLE_LOCAL = 255;

    public static final int SCOPE_UNIVERSE = 0;
    public static final int SCOPE_SITE = 200;
    public static final int SCOPE_LINK = 253;
    public static final int SCOPE_HOST = 254;
    public static final int SCOPE_NOWHERE = 255;

    public static final int PROTO_UNSPEC = 0;
    public static final int PROTO_REDIRECT = 1;
    public static final int PROTO_KERNEL = 2;
    public static final int PROTO_BOOT = 3;
    public static final int PROTO_STATIC = 4;
    public static final int PROTO_BIRD = 12;
    public static final int PROTO_DHCP = 16;

    private static final String[] PROTOS = new String[256];
    private static final Map<String, Integer> PROTO_IDS = new TreeMap<>();

    static {
        // /etc/iproute2/rt_protos as shipped with iproute2 6.x.
        Object[] t = {0, "unspec", 1, "redirect", 2, "kernel", 3, "boot", 4, "static", 8, "gated", 9, "ra",
            10, "mrt", 11, "zebra", 12, "bird", 13, "dnrouted", 14, "xorp", 15, "ntk", 16, "dhcp",
            18, "keepalived", 42, "babel", 99, "openr", 186, "bgp", 187, "isis", 188, "ospf", 189, "rip", 192, "eigrp"};
        for (int i = 0; i < t.length; i += 2) {
            PROTOS[(Integer) t[i]] = (String) t[i + 1];
            PROTO_IDS.put((String) t[i + 1], (Integer) t[i]);
        }
    }

    /** {@code proto} name: {@code kernel}, {@code bird}, or the number. */
    public static String protoName(int proto) {
        String n = proto >= 0 && proto < 256 ? PROTOS[proto] : null;
        return n != null ? n : Integer.toString(proto);
    }

    /** Parses a {@code proto} name or number 0..255; -1 if invalid. */
    public static int parseProto(String s) {
        Integer id = PROTO_IDS.get(s);
        return id != null ? id : parseUnsigned(s, 255);
    }

    /** {@code scope} name as rt_scopes spells it: global, site, link, host, nowhere, or the number. */
    public static String scopeName(int scope) {
        return switch (scope) {
            case SCOPE_UNIVERSE -> "global";
            case SCOPE_SITE -> "site";
            case SCOPE_LINK -> "link";
            case SCOPE_HOST -> "host";
            case SCOPE_NOWHERE -> "nowhere";
            default -> Integer.toString(scope);
        };
    }

    /** Parses a scope name ({@code universe} is accepted for {@code global}) or number; -1 if invalid. */
    public static int parseScope(String s) {
        return switch (s) {
            case "global", "universe" -> SCOPE_UNIVERSE;
            case "site" -> SCOPE_SITE;
            case "link" -> SCOPE_LINK;
            case "host" -> SCOPE_HOST;
            case "nowhere" -> SCOPE_NOWHERE;
            default -> parseUnsigned(s, 255);
        };
    }

    /** Table name as rt_tables spells it: local, main, default, or the number. */
    public static String tableName(int table) {
        return switch (table) {
            case TABLE_LOCAL -> "local";
            case TABLE_MAIN -> "main";
            case TABLE_DEFAULT -> "default";
            case TABLE_UNSPEC -> "unspec";
            default -> Integer.toUnsignedString(table);
        };
    }

    /** Parses a table name or number 1..2^32-1; 0 if invalid. */
    public static int parseTable(String s) {
        return switch (s) {
            case "local" -> TABLE_LOCAL;
            case "main" -> TABLE_MAIN;
            case "default" -> TABLE_DEFAULT;
            default -> {
                long v = parseUnsignedLong(s);
                yield v <= 0 || v > 0xffff_ffffL ? 0 : (int) v;
            }
        };
    }

    /** The route type keywords iproute2 accepts before the prefix; null if the word is not one. */
    public static RouteType parseType(String s) {
        return switch (s) {
            case "unicast" -> RouteType.UNICAST;
            case "local" -> RouteType.LOCAL;
            case "broadcast" -> RouteType.BROADCAST;
            case "anycast" -> RouteType.ANYCAST;
            case "multicast" -> RouteType.MULTICAST;
            case "blackhole" -> RouteType.BLACKHOLE;
            case "unreachable" -> RouteType.UNREACHABLE;
            case "prohibit" -> RouteType.PROHIBIT;
            case "throw" -> RouteType.THROW;
            case "nat" -> RouteType.NAT;
            default -> null;
        };
    }

    /** Decimal (or 0x hex) unsigned number up to max; -1 if invalid. */
    static int parseUnsigned(String s, int max) {
        long v = parseUnsignedLong(s);
        return v < 0 || v > max ? -1 : (int) v;
    }

    /** Decimal or 0x-prefixed hex u32 as strtoul reads it; -1 if invalid. */
    static long parseUnsignedLong(String s) {
        if (s == null || s.isEmpty()) return -1;
        int radix = 10;
        String d = s;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            radix = 16;
            d = s.substring(2);
        }
        if (d.isEmpty() || d.length() > 10) return -1;
        long v = 0;
        for (int i = 0; i < d.length(); i++) {
            int digit = Character.digit(d.charAt(i), radix);
            if (digit < 0) return -1;
            v = v * radix + digit;
        }
        return v > 0xffff_ffffL ? -1 : v;
    }
}
