package io.kdp.packet;

import java.util.Arrays;

/** What a transport header (or, for IP-in-IP, the IPv4 header) carries. */
public sealed interface Payload permits Payload.Data, Payload.IcmpQuote, Payload.Tunnel {
    /** Length on the wire in bytes. */
    int length();

    /** Application bytes. */
    record Data(byte[] bytes) implements Payload {
        public static final Data EMPTY = new Data(new byte[0]);

        public static Data ascii(String s) {
            return new Data(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && Arrays.equals(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Data[" + bytes.length + " bytes]";
        }
    }

    /**
     * The packet an ICMP error quotes. Linux quotes as much of the original as fits in a 576-byte
     * datagram (net/ipv4/icmp.c), i.e. at most {@link #MAX_QUOTED} bytes; the wire form is the
     * original's encoding truncated there.
     */
    record IcmpQuote(Packet original) implements Payload {
        public static final int MAX_QUOTED = 576 - Ipv4Header.LENGTH - IcmpHeader.LENGTH;

        @Override
        public int length() {
            return Math.min(original.ipTotalLength(), MAX_QUOTED);
        }
    }

    /**
     * An encapsulated packet. {@code header} is the tunnel header between the outer transport and
     * the inner packet (VXLAN, Geneve), or null when the inner packet follows directly (IP-in-IP,
     * where the outer IPv4 protocol is 4, and flannel's udp backend).
     */
    record Tunnel(TunnelHeader header, Packet inner) implements Payload {
        @Override
        public int length() {
            return (header == null ? 0 : header.length()) + inner.frameLength();
        }
    }
}
