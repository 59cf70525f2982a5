package io.kdp.packet.wire;

import io.kdp.packet.EtherType;
import io.kdp.packet.EthernetHeader;
import io.kdp.packet.GeneveHeader;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Ipv4Header;
import io.kdp.packet.MacAddress;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.TcpHeader;
import io.kdp.packet.UdpHeader;
import io.kdp.packet.VxlanHeader;
import io.kdp.packet.pcap.LinkType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses wire bytes into {@link Packet} records. All offsets are absolute positions in the outermost
 * frame, so nested (tunnelled, quoted) packets are parsed in place and errors name the exact byte.
 * When constructed with verification on, it also checks every IPv4 header, TCP, UDP and ICMP checksum
 * it passes (quoted packets excluded: ICMP errors may quote them truncated) and records the failures.
 */
final class FrameDecoder {
    /** flannel's udp backend port (flanneld, TUN device flannel0). */
    static final int FLANNEL_UDP_PORT = 8285;

    private final byte[] b;
    private final List<String> problems;

    FrameDecoder(byte[] bytes, boolean verify) {
        this.b = bytes;
        this.problems = verify ? new ArrayList<>(0) : null;
    }

    List<String> problems() {
        return problems;
    }

    Packet decode(LinkType linkType) {
        return switch (linkType) {
            case ETHERNET -> ethernet(0, b.length, false);
            case RAW -> ipv4(0, b.length, null, false);
            case LINUX_SLL -> {
                // Linux cooked header: packet type, ARPHRD type, address length, 8 address bytes, protocol.
                need(0, 16, b.length, "Linux cooked (SLL) header");
                int proto = u16(14);
                if (proto != EtherType.IPV4) throw new DecodeException(String.format("unsupported protocol 0x%04x in Linux cooked header", proto), 14);
                yield ipv4(16, b.length, null, false);
            }
        };
    }

    private Packet ethernet(int off, int end, boolean quoted) {
        need(off, EthernetHeader.LENGTH, end, "Ethernet header");
        int type = u16(off + 12);
        if (type != EtherType.IPV4) throw new DecodeException(String.format("unsupported ethertype 0x%04x", type), off + 12);
        EthernetHeader eth = new EthernetHeader(mac(off), mac(off + 6), type);
        return ipv4(off + EthernetHeader.LENGTH, end, eth, quoted);
    }

    /**
     * @param quoted inside an ICMP error: the packet may be cut short, and then keeps what is there
     *               as a {@link Payload.Data}; its checksums are not verified
     */
    private Packet ipv4(int off, int end, EthernetHeader eth, boolean quoted) {
        need(off, Ipv4Header.LENGTH, end, "IPv4 header");
        int version = (b[off] & 0xff) >>> 4;
        if (version != 4) throw new DecodeException("IP version " + version + " is not 4", off);
        int ihl = (b[off] & 0x0f) * 4;
        if (ihl < Ipv4Header.LENGTH) throw new DecodeException("IPv4 header length " + ihl + " is below 20", off);
        need(off, ihl, end, "IPv4 header with options");
        int total = u16(off + 2);
        if (total < ihl) throw new DecodeException("IPv4 total length " + total + " is shorter than its " + ihl + "-byte header", off + 2);
        int pktEnd = off + total;
        boolean truncated = pktEnd > end;
        if (truncated) {
            if (!quoted) throw new DecodeException("IPv4 total length " + total + " exceeds the " + (end - off) + " bytes present", off + 2);
            pktEnd = end;
        }
        int frag = u16(off + 6);
        if ((frag & 0x3fff) != 0) throw new DecodeException("IPv4 fragments are not supported (MF or fragment offset set)", off + 6);
        int proto = b[off + 9] & 0xff;
        Ipv4Header ip = new Ipv4Header(b[off + 1] & 0xff, u16(off + 4), (frag & 0x4000) != 0, b[off + 8] & 0xff, proto, s32(off + 12), s32(off + 16));
        if (problems != null && !quoted) {
            check("IPv4 header", off + 10, u16(off + 10), Checksum.ipv4Header(b, off, ihl));
        }
        int l4 = off + ihl;
        return switch (proto) {
            case IpProtocol.TCP -> tcp(eth, ip, l4, pktEnd, quoted, truncated);
            case IpProtocol.UDP -> udp(eth, ip, l4, pktEnd, quoted, truncated);
            case IpProtocol.ICMP -> icmp(eth, ip, l4, pktEnd, quoted, truncated);
            case IpProtocol.IPIP -> truncated
                    ? new Packet(eth, ip, null, data(l4, pktEnd))
                    : new Packet(eth, ip, null, new Payload.Tunnel(null, ipv4(l4, pktEnd, null, quoted)));
            default -> throw new DecodeException("unsupported IP protocol " + proto
                    + (IpProtocol.name(proto).equals(Integer.toString(proto)) ? "" : " (" + IpProtocol.name(proto) + ")"), off + 9);
        };
    }

    private Packet tcp(EthernetHeader eth, Ipv4Header ip, int off, int end, boolean quoted, boolean truncated) {
        if (truncated && end - off < TcpHeader.LENGTH) return new Packet(eth, ip, null, data(off, end));
        need(off, TcpHeader.LENGTH, end, "TCP header");
        int dataOffset = ((b[off + 12] & 0xff) >>> 4) * 4;
        if (dataOffset < TcpHeader.LENGTH) throw new DecodeException("TCP data offset " + dataOffset + " is below 20", off + 12);
        if (truncated && end - off < dataOffset) return new Packet(eth, ip, null, data(off, end));
        need(off, dataOffset, end, "TCP header with options");
        if (problems != null && !quoted) {
            check("TCP", off + 16, u16(off + 16), transportChecksum(ip, off, end, off + 16));
        }
        // NS, CWR, ECE and the six classic flags; options (dataOffset > 20) are skipped, not kept.
        TcpHeader t = new TcpHeader(u16(off), u16(off + 2), u32(off + 4), u32(off + 8), u16(off + 12) & 0x1ff, u16(off + 14));
        return new Packet(eth, ip, t, data(off + dataOffset, end));
    }

    private Packet udp(EthernetHeader eth, Ipv4Header ip, int off, int end, boolean quoted, boolean truncated) {
        if (truncated && end - off < UdpHeader.LENGTH) return new Packet(eth, ip, null, data(off, end));
        need(off, UdpHeader.LENGTH, end, "UDP header");
        // A stored checksum of 0 means none was computed (RFC 768); keep that so re-encoding gives the same bytes.
        UdpHeader u = new UdpHeader(u16(off), u16(off + 2), !truncated && u16(off + 6) == 0);
        if (truncated) return new Packet(eth, ip, u, data(off + UdpHeader.LENGTH, end));
        int len = u16(off + 4);
        if (len < UdpHeader.LENGTH || off + len > end) {
            throw new DecodeException("UDP length " + len + " does not fit the " + (end - off) + " bytes of the IPv4 payload", off + 4);
        }
        int udpEnd = off + len;
        if (problems != null && !quoted) {
            int stored = u16(off + 6);
            // 0 means the sender computed no checksum (RFC 768), e.g. Linux VXLAN without udpcsum.
            if (stored != 0) {
                int expected = transportChecksum(ip, off, udpEnd, off + 6);
                check("UDP", off + 6, stored, expected == 0 ? 0xffff : expected);
            }
        }
        return new Packet(eth, ip, u, udpPayload(u.dstPort(), off + UdpHeader.LENGTH, udpEnd, quoted));
    }

    private Payload udpPayload(int dstPort, int off, int end, boolean quoted) {
        int len = end - off;
        if ((dstPort == VxlanHeader.IANA_PORT || dstPort == VxlanHeader.LINUX_DEFAULT_PORT)
                && len >= VxlanHeader.LENGTH + EthernetHeader.LENGTH && (b[off] & VxlanHeader.FLAG_VNI_VALID) != 0) {
            VxlanHeader h = new VxlanHeader(b[off] & 0xff, u24(off + 4));
            return new Payload.Tunnel(h, ethernet(off + VxlanHeader.LENGTH, end, quoted));
        }
        if (dstPort == GeneveHeader.PORT && len >= GeneveHeader.LENGTH && (b[off] & 0xc0) == 0) {
            int inner = off + GeneveHeader.LENGTH + (b[off] & 0x3f) * 4; // options skipped, not kept
            int proto = u16(off + 2);
            GeneveHeader h = new GeneveHeader(u24(off + 4), proto);
            if (proto == GeneveHeader.TRANSPARENT_ETHERNET) return new Payload.Tunnel(h, ethernet(inner, end, quoted));
            if (proto == EtherType.IPV4) return new Payload.Tunnel(h, ipv4(inner, end, null, quoted));
        }
        if (dstPort == FLANNEL_UDP_PORT && len >= Ipv4Header.LENGTH && (b[off] & 0xf0) == 0x40) {
            return new Payload.Tunnel(null, ipv4(off, end, null, quoted));
        }
        return data(off, end);
    }

    private Packet icmp(EthernetHeader eth, Ipv4Header ip, int off, int end, boolean quoted, boolean truncated) {
        if (truncated && end - off < IcmpHeader.LENGTH) return new Packet(eth, ip, null, data(off, end));
        need(off, IcmpHeader.LENGTH, end, "ICMP header");
        if (problems != null && !quoted) {
            long acc = Checksum.sum(b, off, 2, 0);
            check("ICMP", off + 2, u16(off + 2), Checksum.finish(Checksum.sum(b, off + 4, end - off - 4, acc)));
        }
        IcmpHeader h = new IcmpHeader(b[off] & 0xff, b[off + 1] & 0xff, s32(off + 4));
        int body = off + IcmpHeader.LENGTH;
        Payload payload;
        if (h.isError() && end - body >= Ipv4Header.LENGTH && (b[body] & 0xf0) == 0x40) {
            payload = new Payload.IcmpQuote(ipv4(body, end, null, true));
        } else {
            payload = data(body, end);
        }
        return new Packet(eth, ip, h, payload);
    }

    private int transportChecksum(Ipv4Header ip, int off, int end, int field) {
        long acc = Checksum.pseudoHeader(ip.src(), ip.dst(), ip.protocol(), end - off);
        acc = Checksum.sum(b, off, field - off, acc);
        acc = Checksum.sum(b, field + 2, end - field - 2, acc);
        return Checksum.finish(acc);
    }

    private void check(String what, int offset, int stored, int expected) {
        if (stored != expected) {
            problems.add(String.format("%s checksum 0x%04x should be 0x%04x at byte offset %d", what, stored, expected, offset));
        }
    }

    private Payload.Data data(int from, int to) {
        return from >= to ? Payload.Data.EMPTY : new Payload.Data(Arrays.copyOfRange(b, from, to));
    }

    private void need(int off, int len, int end, String what) {
        if (off + len > end) throw new DecodeException(what + " needs " + len + " bytes but only " + Math.max(0, end - off) + " remain", off);
    }

    private MacAddress mac(int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) v = (v << 8) | (b[off + i] & 0xff);
        return new MacAddress(v);
    }

    private int u16(int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private int u24(int off) {
        return ((b[off] & 0xff) << 16) | ((b[off + 1] & 0xff) << 8) | (b[off + 2] & 0xff);
    }

    private int s32(int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private long u32(int off) {
        return s32(off) & 0xffff_ffffL;
    }
}
