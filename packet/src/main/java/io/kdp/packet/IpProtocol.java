package io.kdp.packet;

/** IANA protocol numbers used in the IPv4 protocol field, and their iptables/conntrack names. */
public final class IpProtocol {
    private IpProtocol() {}

    public static final int ICMP = 1;
    public static final int IPIP = 4;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int SCTP = 132;

    /** Lower-case name as iptables and conntrack print it ("tcp"), or the number. */
    public static String name(int protocol) {
        return switch (protocol) {
            case ICMP -> "icmp";
            case IPIP -> "ipencap";
            case TCP -> "tcp";
            case UDP -> "udp";
            case SCTP -> "sctp";
            default -> Integer.toString(protocol);
        };
    }

    /** Parses a protocol name or number as iptables {@code -p} accepts it; -1 if unknown. */
    public static int parse(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "icmp" -> ICMP;
            case "ipencap", "ipip", "4" -> IPIP;
            case "tcp" -> TCP;
            case "udp" -> UDP;
            case "sctp" -> SCTP;
            default -> {
                try {
                    int n = Integer.parseInt(text);
                    yield n >= 0 && n <= 255 ? n : -1;
                } catch (NumberFormatException e) {
                    yield -1;
                }
            }
        };
    }
}
