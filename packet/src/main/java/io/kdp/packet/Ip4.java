package io.kdp.packet;

import org.apache.commons.net.util.SubnetUtils;

/**
 * IPv4 addresses as primitive {@code int}s in network byte order (the first octet in the high byte),
 * so the per-packet path compares ints and never allocates. Parsing validates strictly (four decimal
 * octets, no leading zeros that {@code inet_aton} would read as octal) and fails with a message
 * naming the offending text.
 */
public final class Ip4 {
    private Ip4() {}

    /** Parses dotted-quad text such as {@code 10.96.0.10}. */
    public static int parse(String text) {
        if (text == null) throw new IllegalArgumentException("missing IPv4 address");
        String s = text.trim();
        int value = 0, octets = 0, i = 0, n = s.length();
        while (i <= n) {
            int start = i, octet = 0;
            while (i < n && s.charAt(i) != '.') {
                char c = s.charAt(i);
                if (c < '0' || c > '9' || i - start >= 3) throw bad(text);
                octet = octet * 10 + (c - '0');
                i++;
            }
            if (i == start || octet > 255 || (i - start > 1 && s.charAt(start) == '0')) throw bad(text);
            value = (value << 8) | octet;
            octets++;
            i++;
        }
        if (octets != 4) throw bad(text);
        return value;
    }

    /** Whether {@code text} is a valid dotted-quad address. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Formats an address as dotted-quad text. */
    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** The netmask of a prefix length, e.g. 24 gives 0xffffff00; 0 gives 0. */
    public static int mask(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length " + prefixLength + " is not in 0..32");
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** Prefix length of a contiguous netmask such as {@code 255.255.255.0}; rejects non-contiguous masks. */
    public static int prefixLengthOf(int netmask) {
        int len = Integer.bitCount(netmask);
        if (mask(len) != netmask) throw new IllegalArgumentException("netmask " + format(netmask) + " is not contiguous");
        return len;
    }

    /** Whether the address is in 127.0.0.0/8. */
    public static boolean isLoopback(int address) {
        return (address >>> 24) == 127;
    }

    /** Whether the address is multicast (224.0.0.0/4). */
    public static boolean isMulticast(int address) {
        return (address >>> 28) == 0xe;
    }

    /** Limited broadcast 255.255.255.255. */
    public static boolean isLimitedBroadcast(int address) {
        return address == -1;
    }

    /** Validates a CIDR with Apache Commons Net (the reference subnet arithmetic) and returns its parts. */
    static int[] parseCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) return new int[] {parse(text), 32};
        String addr = text.substring(0, slash);
        String len = text.substring(slash + 1);
        int address = parse(addr);
        int prefix;
        if (len.indexOf('.') >= 0) {
            prefix = prefixLengthOf(parse(len));
        } else {
            if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) throw badCidr(text);
            prefix = Integer.parseInt(len);
            if (prefix > 32) throw badCidr(text);
        }
        if (prefix > 0) {
            // Commons Net agrees on the network address; a disagreement would be our bug, not the user's.
            SubnetUtils su = new SubnetUtils(addr + "/" + prefix);
            int net = parse(su.getInfo().getNetworkAddress());
            if (net != (address & mask(prefix))) throw new IllegalStateException("subnet arithmetic disagrees for " + text);
        }
        return new int[] {address, prefix};
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "' is not an IPv4 address");
    }

    private static IllegalArgumentException badCidr(String text) {
        return new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR");
    }
}
