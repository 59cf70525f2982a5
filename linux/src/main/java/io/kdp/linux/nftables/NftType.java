package io.kdp.linux.nftables;

import io.kdp.linux.RouteType;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.MacAddress;
import java.util.Locale;

/**
 * The nftables data types kdp models (nft's {@code datatype}s), with how each is parsed and printed
 * and how many bits it takes in a packed key. A concatenation packs its parts into one {@code long},
 * first part in the high bits, so that concatenated set lookups are a single primitive hash lookup.
 */
public enum NftType {
    IPV4_ADDR("ipv4_addr", 32),
    /** Kept as text: no IPv4 packet ever matches an IPv6 value. */
    IPV6_ADDR("ipv6_addr", 0),
    INET_PROTO("inet_proto", 8),
    INET_SERVICE("inet_service", 16),
    ETHER_ADDR("ether_addr", 48),
    MARK("mark", 32),
    VERDICT("verdict", 0),
    /** {@code numgen} output and other plain numbers. */
    INTEGER("integer", 32),
    CT_STATE("ct_state", 32),
    CT_STATUS("ct_status", 32),
    FIB_ADDRTYPE("fib_addrtype", 32),
    NFPROTO("nf_proto", 8),
    ICMP_TYPE("icmp_type", 8),
    IFNAME("ifname", 0);

    /** ct state bits (NF_CT_STATE_*_BIT): invalid, established, related, new, untracked. */
    static final String[] CT_STATE_NAMES = {"invalid", "established", "related", "new", null, null, "untracked"};
    /** ct status bits as nft names them (IPS_*_BIT order). */
    static final String[] CT_STATUS_NAMES = {"expected", "seen-reply", "assured", "confirmed", "snat", "dnat", null, null, null, "dying"};
    static final String[] FIB_NAMES = {"unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit"};
    static final String[] ICMP_NAMES = {"echo-reply", null, null, "destination-unreachable", "source-quench", "redirect", null, null,
            "echo-request", "router-advertisement", "router-solicitation", "time-exceeded", "parameter-problem", "timestamp-request",
            "timestamp-reply", "info-request", "info-reply", "address-mask-request", "address-mask-reply"};

    private final String keyword;
    private final int width;

    NftType(String keyword, int width) {
        this.keyword = keyword;
        this.width = width;
    }

    /** The name in a set's {@code type} line. */
    public String keyword() { return keyword; }

    /** Bits in a packed key; 0 for types that cannot be packed. */
    public int width() { return width; }

    /** Whether values are bitmasks matched with {@code &} ({@code ct state new} means the new bit is set). */
    public boolean isFlags() {
        return this == CT_STATE || this == CT_STATUS;
    }

    /** The set-declaration type of that name, or null. */
    public static NftType ofKeyword(String word) {
        for (NftType t : values()) if (t.keyword.equals(word) && t != INTEGER && t != FIB_ADDRTYPE && t != NFPROTO && t != ICMP_TYPE) return t;
        return null;
    }

    /** The largest value the type holds. */
    long max() {
        return width >= 64 ? Long.MAX_VALUE : (1L << width) - 1;
    }

    /**
     * Parses one value (not a range or prefix).
     *
     * @throws IllegalArgumentException with a message naming the text
     */
    public long parse(String text) {
        switch (this) {
            case IPV4_ADDR -> {
                try {
                    return Ip4.parse(text) & 0xffff_ffffL;
                } catch (IllegalArgumentException e) {
                    throw bad(text);
                }
            }
            case INET_PROTO -> {
                int p = IpProtocol.parse(text);
                if (p < 0) throw bad(text);
                return p;
            }
            case INET_SERVICE -> {
                return number(text, 0xffff);
            }
            case ETHER_ADDR -> {
                try {
                    return MacAddress.parse(text).value();
                } catch (RuntimeException e) {
                    throw bad(text);
                }
            }
            case MARK, INTEGER -> {
                return number(text, 0xffff_ffffL);
            }
            case CT_STATE -> {
                return flagBit(CT_STATE_NAMES, text);
            }
            case CT_STATUS -> {
                return flagBit(CT_STATUS_NAMES, text);
            }
            case FIB_ADDRTYPE -> {
                return index(FIB_NAMES, text);
            }
            case ICMP_TYPE -> {
                return index(ICMP_NAMES, text);
            }
            case NFPROTO -> {
                if (text.equals("ipv4")) return 2;
                if (text.equals("ipv6")) return 10;
                throw bad(text);
            }
            default -> throw bad(text);
        }
    }

    /** Formats a value as {@code nft list} prints it. */
    public String format(long v) {
        return switch (this) {
            case IPV4_ADDR -> Ip4.format((int) v);
            case INET_PROTO -> IpProtocol.name((int) v);
            case INET_SERVICE, INTEGER -> Long.toString(v);
            case ETHER_ADDR -> new MacAddress(v).toString();
            case MARK -> String.format("0x%08x", v);
            case CT_STATE -> flags(CT_STATE_NAMES, v);
            case CT_STATUS -> flags(CT_STATUS_NAMES, v);
            case FIB_ADDRTYPE -> name(FIB_NAMES, v);
            case ICMP_TYPE -> name(ICMP_NAMES, v);
            case NFPROTO -> v == 2 ? "ipv4" : v == 10 ? "ipv6" : Long.toString(v);
            default -> Long.toString(v);
        };
    }

    private IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("Could not parse " + describe() + " \"" + text + "\"");
    }

    private String describe() {
        return switch (this) {
            case IPV4_ADDR -> "IPv4 address";
            case INET_PROTO -> "Internet protocol";
            case INET_SERVICE -> "internet network service";
            case ETHER_ADDR -> "Ethernet address";
            case MARK -> "packet mark";
            case CT_STATE -> "conntrack state";
            case CT_STATUS -> "conntrack status";
            case FIB_ADDRTYPE -> "fib address type";
            case ICMP_TYPE -> "ICMP type";
            case NFPROTO -> "netfilter protocol";
            default -> "integer";
        };
    }

    private long number(String text, long max) {
        try {
            long v = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
            if (v < 0 || v > max) throw new IllegalArgumentException("Value " + text + " exceeds valid range 0-" + max);
            return v;
        } catch (NumberFormatException e) {
            throw bad(text);
        }
    }

    private long flagBit(String[] names, String text) {
        for (int i = 0; i < names.length; i++) if (text.equals(names[i])) return 1L << i;
        throw bad(text);
    }

    private long index(String[] names, String text) {
        for (int i = 0; i < names.length; i++) if (text.equals(names[i])) return i;
        throw bad(text);
    }

    private static String name(String[] names, long v) {
        return v >= 0 && v < names.length && names[(int) v] != null ? names[(int) v] : Long.toString(v);
    }

    private static String flags(String[] names, long v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((v & (1L << i)) != 0 && names[i] != null) {
                if (sb.length() > 0) sb.append(',');
                sb.append(names[i]);
            }
        }
        return sb.length() == 0 ? String.format("0x%x", v) : sb.toString();
    }

    /** Lower-case name, as in {@code type ipv4_addr}. */
    @Override
    public String toString() {
        return keyword.toLowerCase(Locale.ROOT);
    }

    /** The fib address type of a route type. */
    static long fibType(RouteType t) {
        return t.ordinal();
    }
}
