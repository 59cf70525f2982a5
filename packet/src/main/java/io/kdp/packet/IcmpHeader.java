package io.kdp.packet;

/**
 * An ICMP header (RFC 792). {@code rest} is the second 32-bit word: identifier and sequence for echo,
 * the next-hop MTU in its low 16 bits for "fragmentation needed", zero otherwise. The checksum is
 * derived at encode time. Errors carry the offending packet as an {@link Payload.IcmpQuote}.
 */
public record IcmpHeader(int type, int code, int rest) implements Transport {
    public static final int LENGTH = 8;
    public static final int ECHO_REPLY = 0, DEST_UNREACHABLE = 3, REDIRECT = 5, ECHO_REQUEST = 8, TIME_EXCEEDED = 11, PARAMETER_PROBLEM = 12;
    /** Destination-unreachable codes. */
    public static final int NET_UNREACHABLE = 0, HOST_UNREACHABLE = 1, PROTOCOL_UNREACHABLE = 2, PORT_UNREACHABLE = 3,
            FRAG_NEEDED = 4, NET_PROHIBITED = 9, HOST_PROHIBITED = 10, ADMIN_PROHIBITED = 13;

    public static IcmpHeader echoRequest(int id, int seq) {
        return new IcmpHeader(ECHO_REQUEST, 0, (id << 16) | (seq & 0xffff));
    }

    public static IcmpHeader echoReply(int id, int seq) {
        return new IcmpHeader(ECHO_REPLY, 0, (id << 16) | (seq & 0xffff));
    }

    public boolean isEcho() {
        return type == ECHO_REQUEST || type == ECHO_REPLY;
    }

    /** Errors quote the packet that caused them: unreachable, redirect, time exceeded, parameter problem. */
    public boolean isError() {
        return type == DEST_UNREACHABLE || type == REDIRECT || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM;
    }

    public int identifier() {
        return (rest >>> 16) & 0xffff;
    }

    public int sequence() {
        return rest & 0xffff;
    }

    @Override
    public int headerLength() {
        return LENGTH;
    }

    /** Echo identifier: conntrack keys ICMP echo flows on it. */
    @Override
    public int srcPort() {
        return isEcho() ? identifier() : 0;
    }

    /** Type and code, as conntrack keys ICMP. */
    @Override
    public int dstPort() {
        return (type << 8) | code;
    }
}
