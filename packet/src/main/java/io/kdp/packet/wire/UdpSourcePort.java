package io.kdp.packet.wire;

import io.kdp.packet.Packet;

/**
 * The outer UDP source port a tunnel picks for an encapsulated packet, modelled on Linux's
 * {@code udp_flow_src_port()} (include/net/udp.h) as used by vxlan and geneve: take a hash of the inner
 * flow, fold its low half into its high half ({@code hash ^= hash << 16}) and scale it into
 * {@code [min, max)} as {@code ((u64) hash * (max - min)) >> 32} + min. When {@code min >= max} the
 * kernel uses the ephemeral range {@code net.ipv4.ip_local_port_range}, 32768-60999 by default.
 *
 * <p>The kernel's flow hash is {@code skb_get_hash()}: a siphash of the dissected flow keys with a key
 * drawn at boot, so real ports differ from boot to boot. We keep the kernel's properties but make it
 * deterministic: the keys are made direction-independent as {@code __flow_hash_consistentify()} does
 * (lower address first, lower port first) and hashed with Bob Jenkins' lookup3 {@code jhash_3words}
 * (the kernel's jhash) over (lower address, higher address, lowerPort &lt;&lt; 16 | higherPort) with the IP
 * protocol as the initial value. Both directions of a flow thus leave by the same source port.
 */
public final class UdpSourcePort {
    /** Linux's default {@code net.ipv4.ip_local_port_range}. */
    public static final int EPHEMERAL_MIN = 32768, EPHEMERAL_MAX = 60999;

    private UdpSourcePort() {}

    /** Source port for a tunnel packet carrying {@code inner}; {@code min >= max} (e.g. 0, 0) selects 32768-60999. */
    public static int of(Packet inner, int min, int max) {
        if (min >= max) {
            min = EPHEMERAL_MIN;
            max = EPHEMERAL_MAX;
        }
        int hash = flowHash(inner);
        hash ^= hash << 16;
        return (int) (((hash & 0xffff_ffffL) * (max - min)) >>> 32) + min;
    }

    /** The direction-independent hash of the packet's flow (addresses, ports or ICMP id/type, protocol). */
    public static int flowHash(Packet p) {
        int a = p.src(), b = p.dst();
        if (Integer.compareUnsigned(a, b) > 0) {
            int t = a;
            a = b;
            b = t;
        }
        int sp = p.srcPort(), dp = p.dstPort();
        int ports = sp <= dp ? (sp << 16) | dp : (dp << 16) | sp;
        return jhash3(a, b, ports, p.protocol());
    }

    /** lookup3's final mix over three words (jhash_3words in include/linux/jhash.h). */
    static int jhash3(int a, int b, int c, int initval) {
        return io.kdp.packet.Jhash.jhash3Words(a, b, c, initval);
    }
}
