package io.kdp.linux;

/** Route types (include/uapi/linux/rtnetlink.h RTN_*), also what {@code -m addrtype} matches. */
public enum RouteType {
    UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE;

    /** The name {@code ip route} and {@code addrtype} print, e.g. {@code LOCAL}. */
    public String addrtypeName() {
        return name();
    }

    /** Lower-case keyword as {@code ip route} prints the type ({@code local}, {@code blackhole}). */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
