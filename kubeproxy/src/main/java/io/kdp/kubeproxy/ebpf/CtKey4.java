package io.kdp.kubeproxy.ebpf;

import io.kdp.linux.bpf.BpfCodec;
import io.kdp.linux.bpf.Bytes;
import io.kdp.packet.Ip4;

/**
 * struct ipv4_ct_tuple, the key of Cilium's own conntrack maps (cilium_ct4_global for TCP,
 * cilium_ct_any4_global for the rest): addresses, ports, protocol and the tuple flags
 * (TUPLE_F_OUT 0, TUPLE_F_IN 1, TUPLE_F_RELATED 2, TUPLE_F_SERVICE 4).
 *
 * <p>Simplification: Cilium stores the addresses of egress tuples swapped ("reversed, i.e. these
 * field names are correct for reply direction traffic"); kdp keeps {@code saddr}/{@code sport} as
 * the source of the connection's first packet, which prints the same in {@link #toString()}.
 */
public record CtKey4(int daddr, int saddr, int dport, int sport, int nexthdr, int flags) {
    public static final int TUPLE_F_OUT = 0;
    public static final int TUPLE_F_IN = 1;
    public static final int TUPLE_F_SERVICE = 4;

    /** Layout (packed): __be32 daddr, __be32 saddr, __be16 dport, __be16 sport, __u8 nexthdr, __u8 flags. */
    public static final BpfCodec<CtKey4> CODEC = new BpfCodec<>() {
        public int size() { return 14; }
        public void write(CtKey4 k, byte[] b, int o) {
            Bytes.be32(b, o, k.daddr);
            Bytes.be32(b, o + 4, k.saddr);
            Bytes.be16(b, o + 8, k.dport);
            Bytes.be16(b, o + 10, k.sport);
            b[o + 12] = (byte) k.nexthdr;
            b[o + 13] = (byte) k.flags;
        }
    };

    /** The tuple of a packet from {@code src:sport} to {@code dst:dport}. */
    public static CtKey4 of(int src, int sport, int dst, int dport, int proto, int flags) {
        return new CtKey4(dst, src, dport, sport, proto, flags);
    }

    /** The same connection seen from the other end (what a reply packet's tuple looks up). */
    public CtKey4 reversed() {
        return new CtKey4(saddr, daddr, sport, dport, nexthdr, flags);
    }

    /** As {@code cilium bpf ct list} prints a key: {@code TCP OUT 10.244.0.2:40000 -> 10.244.1.3:8080}, SERVICE for service entries. */
    @Override
    public String toString() {
        String dir = (flags & TUPLE_F_SERVICE) != 0 ? "SERVICE" : (flags & TUPLE_F_IN) != 0 ? "IN" : "OUT";
        return L4Proto.name(nexthdr) + " " + dir + " " + Ip4.format(saddr) + ":" + sport + " -> " + Ip4.format(daddr) + ":" + dport;
    }
}
