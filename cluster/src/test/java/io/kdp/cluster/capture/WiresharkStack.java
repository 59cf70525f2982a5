package io.kdp.cluster.capture;

import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import io.kdp.packet.Payload;
import io.kdp.packet.VxlanHeader;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The protocol stack Wireshark's {@code frame.protocols} shows for a packet kdp modelled, e.g.
 * {@code eth:ethertype:ip:tcp:http} or {@code eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:tcp},
 * derived from the model alone (with VXLAN decoded on 8472 as {@code -d udp.port==8472,vxlan} asks).
 */
final class WiresharkStack {
    /** Wireshark's default "HTTP TCP ports" preference. */
    private static final Set<Integer> HTTP_PORTS = Set.of(80, 3128, 3132, 5985, 8080, 8088, 11371, 1900, 2869, 2710);

    private WiresharkStack() {}

    static String of(Packet p) {
        // A frame of an IP-level device (TUN, tunl0) is captured as LINKTYPE_RAW, which Wireshark shows as "raw".
        return (p.ethernet() == null ? "raw:" : "") + stack(p);
    }

    private static String stack(Packet p) {
        StringBuilder sb = new StringBuilder();
        if (p.ethernet() != null) sb.append("eth:ethertype:");
        sb.append("ip");
        if (p.payload() instanceof Payload.Tunnel t && t.header() == null && p.protocol() == IpProtocol.IPIP) {
            return sb.append(':').append(stack(t.inner())).toString();
        }
        if (p.tcp() != null) {
            sb.append(":tcp");
            if (p.payload().length() > 0) sb.append(isHttp(p) ? ":http" : ":data");
        } else if (p.udp() != null) {
            sb.append(":udp");
            if (p.payload() instanceof Payload.Tunnel t && t.header() != null) {
                sb.append(t.header() instanceof VxlanHeader ? ":vxlan:" : ":geneve:").append(stack(t.inner()));
            } else if (p.payload().length() > 0) {
                sb.append(":data");
            }
        } else if (p.icmp() != null) {
            sb.append(":icmp");
            if (p.payload() instanceof Payload.IcmpQuote q) sb.append(':').append(stack(q.original().withEthernet(null)));
            else if (p.payload().length() > 0) sb.append(":data");
        }
        return sb.toString();
    }

    private static boolean isHttp(Packet p) {
        if (!(p.payload() instanceof Payload.Data d)) return false;
        if (!HTTP_PORTS.contains(p.srcPort()) && !HTTP_PORTS.contains(p.dstPort())) return false;
        String s = new String(d.bytes(), 0, Math.min(8, d.bytes().length), StandardCharsets.US_ASCII);
        return s.startsWith("HTTP/") || s.matches("^(GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH) .*");
    }
}
