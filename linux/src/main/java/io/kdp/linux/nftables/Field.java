package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.ConntrackEntry;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;

/** The packet, metadata and conntrack fields nft rules match on (payload, meta, ct and fib expressions). */
enum Field implements KeySource {
    IP_SADDR("ip saddr", NftType.IPV4_ADDR),
    IP_DADDR("ip daddr", NftType.IPV4_ADDR),
    IP_PROTOCOL("ip protocol", NftType.INET_PROTO),
    IP6_SADDR("ip6 saddr", NftType.IPV6_ADDR),
    IP6_DADDR("ip6 daddr", NftType.IPV6_ADDR),
    META_L4PROTO("meta l4proto", NftType.INET_PROTO),
    META_NFPROTO("meta nfproto", NftType.NFPROTO),
    META_MARK("meta mark", NftType.MARK),
    CT_MARK("ct mark", NftType.MARK),
    CT_STATE("ct state", NftType.CT_STATE),
    CT_STATUS("ct status", NftType.CT_STATUS),
    TH_SPORT("th sport", NftType.INET_SERVICE),
    TH_DPORT("th dport", NftType.INET_SERVICE),
    TCP_SPORT("tcp sport", NftType.INET_SERVICE),
    TCP_DPORT("tcp dport", NftType.INET_SERVICE),
    UDP_SPORT("udp sport", NftType.INET_SERVICE),
    UDP_DPORT("udp dport", NftType.INET_SERVICE),
    ICMP_TYPE("icmp type", NftType.ICMP_TYPE),
    ETHER_SADDR("ether saddr", NftType.ETHER_ADDR),
    ETHER_DADDR("ether daddr", NftType.ETHER_ADDR),
    FIB_DADDR_TYPE("fib daddr type", NftType.FIB_ADDRTYPE),
    FIB_SADDR_TYPE("fib saddr type", NftType.FIB_ADDRTYPE);

    /** NF_CT_STATE_UNTRACKED_BIT and the per-state bits (NF_CT_STATE_BIT(ctinfo)). */
    static final long CT_INVALID = 1, CT_ESTABLISHED = 2, CT_RELATED = 4, CT_NEW = 8, CT_UNTRACKED = 64;

    private final String text;
    private final NftType type;

    Field(String text, NftType type) {
        this.text = text;
        this.type = type;
    }

    @Override
    public NftType type() { return type; }

    /** The transport protocol a {@code tcp}/{@code udp} field implies, or -1. */
    int impliedProtocol() {
        return switch (this) {
            case TCP_SPORT, TCP_DPORT -> IpProtocol.TCP;
            case UDP_SPORT, UDP_DPORT -> IpProtocol.UDP;
            case ICMP_TYPE -> IpProtocol.ICMP;
            default -> -1;
        };
    }

    @Override
    public long load(SkBuff skb, NftEval ev) {
        Packet p = skb.packet();
        switch (this) {
            case IP_SADDR: return p.src() & 0xffff_ffffL;
            case IP_DADDR: return p.dst() & 0xffff_ffffL;
            case IP_PROTOCOL, META_L4PROTO: return p.protocol();
            case META_NFPROTO: return 2; // NFPROTO_IPV4: the emulator carries IPv4 only
            case META_MARK: return skb.mark() & 0xffff_ffffL;
            case CT_MARK: {
                ConntrackEntry ct = skb.ct();
                return ct == null ? ABSENT : ct.mark() & 0xffff_ffffL;
            }
            case CT_STATE: {
                if (skb.untracked()) return CT_UNTRACKED;
                if (skb.ct() == null) return CT_INVALID;
                return switch (skb.ctInfo()) {
                    case NEW -> CT_NEW;
                    case ESTABLISHED, ESTABLISHED_REPLY -> CT_ESTABLISHED;
                    case RELATED, RELATED_REPLY -> CT_RELATED;
                };
            }
            case CT_STATUS: {
                ConntrackEntry ct = skb.ct();
                return ct == null ? ABSENT : ct.status() & 0xffff_ffffL;
            }
            case TH_SPORT, TH_DPORT: {
                // th reads bytes 0-1 / 2-3 of the transport header: ports for TCP, UDP and SCTP.
                int proto = p.protocol();
                if (proto != IpProtocol.TCP && proto != IpProtocol.UDP && proto != IpProtocol.SCTP) return ABSENT;
                if (p.transport() == null) return ABSENT;
                return this == TH_SPORT ? p.srcPort() : p.dstPort();
            }
            case TCP_SPORT, TCP_DPORT: {
                if (p.tcp() == null) return ABSENT;
                return this == TCP_SPORT ? p.srcPort() : p.dstPort();
            }
            case UDP_SPORT, UDP_DPORT: {
                if (p.udp() == null) return ABSENT;
                return this == UDP_SPORT ? p.srcPort() : p.dstPort();
            }
            case ICMP_TYPE: return p.icmp() == null ? ABSENT : p.icmp().type();
            case ETHER_SADDR: return p.ethernet() == null ? ABSENT : p.ethernet().src().value();
            case ETHER_DADDR: return p.ethernet() == null ? ABSENT : p.ethernet().dst().value();
            case FIB_DADDR_TYPE: return NftType.fibType(skb.ns().addressType(p.dst()));
            case FIB_SADDR_TYPE: return NftType.fibType(skb.ns().addressType(p.src()));
            default: return ABSENT; // ip6 fields: never an IPv4 packet
        }
    }

    @Override
    public void render(StringBuilder sb) {
        sb.append(text);
    }

    /** The nft words of the field. */
    String text() { return text; }
}
