package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.IpProtocol;

/**
 * {@code reject [with icmp TYPE | with icmpx TYPE | with tcp reset]} (nft_reject_ipv4,
 * nft_reject_inet): answers with an ICMP destination unreachable (port-unreachable by default) or,
 * for TCP packets, a reset; then drops.
 *
 * @param code the ICMP destination-unreachable code, or -1 for {@code tcp reset}
 * @param icmpx whether written with the family-independent {@code icmpx} codes (inet tables)
 */
record RejectStmt(int code, boolean icmpx) implements NftExpr {
    static final int TCP_RESET = -1;
    private static final String[] ICMP_CODES = {"net-unreachable", "host-unreachable", "prot-unreachable", "port-unreachable",
            "frag-needed", null, null, null, null, "net-prohibited", "host-prohibited", null, null, "admin-prohibited"};

    /** The ICMP code of an {@code icmp} reject name, or -2. */
    static int icmpCode(String name) {
        for (int i = 0; i < ICMP_CODES.length; i++) if (name.equals(ICMP_CODES[i])) return i;
        return -2;
    }

    /** The ICMP code of an {@code icmpx} reject name (nft_reject_icmpx_code), or -2. */
    static int icmpxCode(String name) {
        return switch (name) {
            case "port-unreachable" -> IcmpHeader.PORT_UNREACHABLE;
            case "admin-prohibited" -> IcmpHeader.ADMIN_PROHIBITED;
            case "no-route" -> IcmpHeader.NET_UNREACHABLE;
            case "host-unreachable" -> IcmpHeader.HOST_UNREACHABLE;
            default -> -2;
        };
    }

    private static String icmpxName(int code) {
        return switch (code) {
            case IcmpHeader.ADMIN_PROHIBITED -> "admin-prohibited";
            case IcmpHeader.NET_UNREACHABLE -> "no-route";
            case IcmpHeader.HOST_UNREACHABLE -> "host-unreachable";
            default -> "port-unreachable";
        };
    }

    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        if (code == TCP_RESET) {
            if (skb.packet().protocol() == IpProtocol.TCP) skb.ns().sendTcpReset(skb);
        } else {
            skb.ns().sendIcmpError(skb, IcmpHeader.DEST_UNREACHABLE, code);
        }
        skb.rejected(true);
        return NftVerdict.DROP;
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        sb.append("reject");
        if (code == TCP_RESET) sb.append(" with tcp reset");
        else if (icmpx) {
            if (code != IcmpHeader.PORT_UNREACHABLE) sb.append(" with icmpx ").append(icmpxName(code));
        } else if (code != IcmpHeader.PORT_UNREACHABLE) sb.append(" with icmp ").append(ICMP_CODES[code]);
    }
}
