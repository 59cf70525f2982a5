package io.kdp.packet.wire;

import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.GeneveHeader;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.Transport;
import io.kdp.packet.TunnelHeader;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.VxlanHeader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc1349Tos;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.IcmpV4Code;
import org.pcap4j.packet.namednumber.IcmpV4Type;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.TcpPort;
import org.pcap4j.packet.namednumber.UdpPort;

/**
 * Builds wire bytes with Pcap4J's builders for Ethernet, IPv4 (IHL 5), TCP (data offset 5), UDP and
 * ICMP, letting Pcap4J fill lengths and checksums; tunnel headers and nested frames are laid out here
 * and handed to Pcap4J as opaque payload bytes.
 */
final class FrameEncoder {
    private static final byte[] NO_BYTES = new byte[0];

    private FrameEncoder() {}

    static byte[] frame(Packet p) {
        org.pcap4j.packet.Packet.Builder ip = ipv4(p);
        EthernetHeader e = p.ethernet();
        if (e == null) return fixUdpChecksum(p, bytes(ip), 0);
        if (e.etherType() != EtherType.IPV4) {
            throw new IllegalArgumentException(String.format("Ethernet type 0x%04x does not match the IPv4 packet it carries", e.etherType()));
        }
        EthernetPacket.Builder eth = new EthernetPacket.Builder()
                .dstAddr(org.pcap4j.util.MacAddress.getByAddress(e.dst().toBytes()))
                .srcAddr(org.pcap4j.util.MacAddress.getByAddress(e.src().toBytes()))
                .type(org.pcap4j.packet.namednumber.EtherType.getInstance((short) e.etherType()))
                .pad(NO_BYTES)
                .paddingAtBuild(false) // captures on Linux show frames unpadded on the sending side
                .payloadBuilder(ip);
        return fixUdpChecksum(p, bytes(eth), EthernetHeader.LENGTH);
    }

    /** The IPv4 packet without any Ethernet header, as ICMP quotes and IP-in-IP carry it. */
    static byte[] ipPacket(Packet p) {
        return fixUdpChecksum(p, bytes(ipv4(p)), 0);
    }

    /**
     * RFC 768: a computed UDP checksum of 0 is sent as 0xffff, since 0 means "no checksum". Pcap4J
     * 1.8.2 writes 0 there; patch it (only this packet's own header: nested frames are built apart).
     * A header that asks for no checksum ({@link UdpHeader#zeroChecksum()}) gets 0.
     */
    private static byte[] fixUdpChecksum(Packet p, byte[] wire, int ipOffset) {
        int field = ipOffset + Ipv4Header.LENGTH + 6;
        if (p.transport() instanceof UdpHeader u && u.zeroChecksum()) {
            wire[field] = 0;
            wire[field + 1] = 0;
        } else if (p.transport() instanceof UdpHeader && wire[field] == 0 && wire[field + 1] == 0) {
            wire[field] = (byte) 0xff;
            wire[field + 1] = (byte) 0xff;
        }
        return wire;
    }

    private static byte[] bytes(org.pcap4j.packet.Packet.Builder b) {
        return b.build().getRawData();
    }

    private static IpV4Packet.Builder ipv4(Packet p) {
        Ipv4Header h = p.ipv4();
        checkProtocol(p);
        if (p.ipTotalLength() > 0xffff) throw new IllegalArgumentException("IPv4 total length " + p.ipTotalLength() + " exceeds 65535");
        Inet4Address src = inet(h.src()), dst = inet(h.dst());
        IpV4Packet.Builder b = new IpV4Packet.Builder()
                .version(IpVersion.IPV4)
                .ihl((byte) 5)
                .tos(IpV4Rfc1349Tos.newInstance((byte) h.tos()))
                .identification((short) h.id())
                .dontFragmentFlag(h.dontFragment())
                .ttl((byte) h.ttl())
                .protocol(IpNumber.getInstance((byte) h.protocol()))
                .srcAddr(src)
                .dstAddr(dst)
                .options(List.of())
                .correctChecksumAtBuild(true)
                .correctLengthAtBuild(true);
        Transport t = p.transport();
        byte[] body = payloadBytes(p.payload());
        org.pcap4j.packet.Packet.Builder payload = raw(body);
        if (t instanceof TcpHeader tcp) {
            b.payloadBuilder(tcp(tcp, src, dst, payload));
        } else if (t instanceof UdpHeader udp) {
            b.payloadBuilder(udp(udp, src, dst, payload));
        } else if (t instanceof IcmpHeader icmp) {
            b.payloadBuilder(icmp(icmp, body));
        } else if (payload != null) {
            b.payloadBuilder(payload);
        }
        return b;
    }

    private static void checkProtocol(Packet p) {
        int proto = p.protocol();
        Transport t = p.transport();
        int expected = t instanceof TcpHeader ? IpProtocol.TCP : t instanceof UdpHeader ? IpProtocol.UDP : t instanceof IcmpHeader ? IpProtocol.ICMP : -1;
        if (expected >= 0 ? proto != expected : proto == IpProtocol.TCP || proto == IpProtocol.UDP || proto == IpProtocol.ICMP) {
            throw new IllegalArgumentException("IPv4 protocol " + proto + " does not match transport header "
                    + (t == null ? "(none)" : t.getClass().getSimpleName()));
        }
    }

    private static TcpPacket.Builder tcp(TcpHeader t, Inet4Address src, Inet4Address dst, org.pcap4j.packet.Packet.Builder payload) {
        int f = t.flags();
        return new TcpPacket.Builder()
                .srcPort(TcpPort.getInstance((short) t.srcPort()))
                .dstPort(TcpPort.getInstance((short) t.dstPort()))
                .sequenceNumber((int) t.seq())
                .acknowledgmentNumber((int) t.ack())
                .dataOffset((byte) 5)
                // Pcap4J keeps RFC 793's six reserved bits: their low three are NS, CWR, ECE (RFC 3168/3540).
                .reserved((byte) ((f >>> 6) & 0x7))
                .urg((f & TcpHeader.URG) != 0)
                .ack((f & TcpHeader.ACK) != 0)
                .psh((f & TcpHeader.PSH) != 0)
                .rst((f & TcpHeader.RST) != 0)
                .syn((f & TcpHeader.SYN) != 0)
                .fin((f & TcpHeader.FIN) != 0)
                .window((short) t.window())
                .urgentPointer((short) 0)
                .options(List.of())
                .padding(NO_BYTES)
                .srcAddr(src)
                .dstAddr(dst)
                .paddingAtBuild(false)
                .correctLengthAtBuild(true)
                .correctChecksumAtBuild(true)
                .payloadBuilder(payload);
    }

    private static UdpPacket.Builder udp(UdpHeader u, Inet4Address src, Inet4Address dst, org.pcap4j.packet.Packet.Builder payload) {
        return new UdpPacket.Builder()
                .srcPort(UdpPort.getInstance((short) u.srcPort()))
                .dstPort(UdpPort.getInstance((short) u.dstPort()))
                .srcAddr(src)
                .dstAddr(dst)
                .correctLengthAtBuild(true)
                .correctChecksumAtBuild(true)
                .payloadBuilder(payload);
    }

    /** ICMP common header by Pcap4J (type, code, checksum); the second word and the body as raw bytes. */
    private static IcmpV4CommonPacket.Builder icmp(IcmpHeader i, byte[] body) {
        int n = body == null ? 0 : body.length;
        byte[] rest = new byte[4 + n];
        putInt(rest, 0, i.rest());
        if (n > 0) System.arraycopy(body, 0, rest, 4, n);
        return new IcmpV4CommonPacket.Builder()
                .type(IcmpV4Type.getInstance((byte) i.type()))
                .code(IcmpV4Code.getInstance((byte) i.type(), (byte) i.code()))
                .correctChecksumAtBuild(true)
                .payloadBuilder(raw(rest));
    }

    /** Payload bytes, or null when empty. */
    private static byte[] payloadBytes(Payload payload) {
        if (payload instanceof Payload.Data d) return d.bytes().length == 0 ? null : d.bytes();
        if (payload instanceof Payload.IcmpQuote q) {
            // net/ipv4/icmp.c quotes the offending IP packet from its IP header on, cut at 576 bytes total.
            byte[] original = ipPacket(q.original());
            return original.length <= Payload.IcmpQuote.MAX_QUOTED ? original : Arrays.copyOf(original, Payload.IcmpQuote.MAX_QUOTED);
        }
        Payload.Tunnel t = (Payload.Tunnel) payload;
        byte[] inner = frame(t.inner());
        TunnelHeader h = t.header();
        if (h == null) return inner;
        byte[] out = new byte[h.length() + inner.length];
        if (h instanceof VxlanHeader v) {
            // RFC 7348 section 5: flags, 24 reserved bits, 24-bit VNI, 8 reserved bits.
            out[0] = (byte) v.flags();
            putInt(out, 4, v.vni() << 8);
        } else {
            GeneveHeader g = (GeneveHeader) h;
            // RFC 8926 section 3.4: Ver(2)=0 Opt Len(6)=0, O=0 C=0 Rsvd, Protocol Type, VNI(24), Reserved(8).
            out[2] = (byte) (g.protocolType() >>> 8);
            out[3] = (byte) g.protocolType();
            putInt(out, 4, g.vni() << 8);
        }
        System.arraycopy(inner, 0, out, h.length(), inner.length);
        return out;
    }

    private static UnknownPacket.Builder raw(byte[] b) {
        return b == null ? null : new UnknownPacket.Builder().rawData(b);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static Inet4Address inet(int address) {
        byte[] a = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return (Inet4Address) InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }
}
