package io.kdp.linux.ipset;

import io.kdp.packet.IcmpHeader;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;

/**
 * Parsing and printing of element parts in ipset's syntax, and the packet fields
 * ip_set_get_ip4_port extracts: TCP/UDP/SCTP/UDPLITE ports, ICMP {@code type << 8 | code}, port 0
 * for other protocols.
 */
final class Elements {
    private Elements() {}

    static final int UDPLITE = 136;

    static int ip(String text) {
        try {
            return Ip4.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IpsetException("Syntax error: cannot parse " + text + ": resolving to IPv4 address failed");
        }
    }

    /** {@code proto:port} or {@code port} (TCP); returns {@code proto << 16 | port}. */
    static int protoPort(String text) {
        int colon = text.indexOf(':');
        int proto = IpProtocol.TCP;
        String port = text;
        if (colon >= 0) {
            String p = text.substring(0, colon);
            proto = switch (p) {
                case "tcp" -> IpProtocol.TCP;
                case "udp" -> IpProtocol.UDP;
                case "sctp" -> IpProtocol.SCTP;
                case "udplite" -> UDPLITE;
                default -> throw new IpsetException("Syntax error: Protocol " + p + " is not supported by this emulation");
            };
            port = text.substring(colon + 1);
        }
        return (proto << 16) | number(port, 0, 65535);
    }

    static int number(String text, int min, int max) {
        try {
            long n = Long.parseLong(text);
            if (n < min || n > max) throw new IpsetException("Syntax error: '" + text + "' is out of range " + min + "-" + max);
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IpsetException("Syntax error: '" + text + "' is invalid as number");
        }
    }

    /** {@code a.b.c.d[/cidr]}: returns {@code [masked address, cidr]}. */
    static int[] net(String text) {
        int slash = text.indexOf('/');
        int addr = ip(slash < 0 ? text : text.substring(0, slash));
        int cidr = slash < 0 ? 32 : number(text.substring(slash + 1), 1, 32);
        return new int[] {addr & Ip4.mask(cidr), cidr};
    }

    static String protoName(int proto) {
        return switch (proto) {
            case IpProtocol.TCP -> "tcp";
            case IpProtocol.UDP -> "udp";
            case IpProtocol.SCTP -> "sctp";
            case UDPLITE -> "udplite";
            case IpProtocol.ICMP -> "icmp";
            default -> Integer.toString(proto);
        };
    }

    static String protoPortText(int proto, int port) {
        return protoName(proto) + ":" + port;
    }

    static String netText(int addr, int cidr) {
        return cidr == 32 ? Ip4.format(addr) : Ip4.format(addr) + "/" + cidr;
    }

    /** The address of one side of the packet. */
    static int addr(Packet p, boolean src) {
        return src ? p.src() : p.dst();
    }

    /** ip_set_get_ip4_port: the port (or ICMP type/code) of one side. */
    static int port(Packet p, boolean src) {
        int proto = p.protocol();
        if (proto == IpProtocol.TCP || proto == IpProtocol.UDP || proto == IpProtocol.SCTP || proto == UDPLITE) {
            return src ? p.srcPort() : p.dstPort();
        }
        if (proto == IpProtocol.ICMP) {
            IcmpHeader i = p.icmp();
            return i == null ? 0 : (i.type() << 8) | i.code();
        }
        return 0;
    }
}
