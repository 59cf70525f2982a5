package io.kdp.linux.nftables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.Nat;
import io.kdp.linux.conntrack.NatRange;
import io.kdp.linux.conntrack.NatType;
import io.kdp.linux.netfilter.Hook;
import io.kdp.linux.netfilter.Verdict;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;

/**
 * {@code dnat to ADDR[:PORT]}, {@code snat to ...}, {@code masquerade [to :PORTS] [flags]},
 * {@code redirect [to :PORT]} (nft_nat.c, nft_masq.c, nft_redir.c). Each sets up the connection's
 * NAT binding through the conntrack NAT core and, like the kernel's, ends the rule with the NAT
 * core's verdict (accept).
 *
 * @param ipKeyword written {@code dnat ip to} (inet tables)
 */
record NatStmt(Kind kind, int addrLo, int addrHi, int portLo, int portHi, boolean random, boolean fullyRandom, boolean persistent,
        boolean ipKeyword, NatRange range) implements NftExpr {
    /** The NAT statement kinds. */
    enum Kind { DNAT, SNAT, MASQUERADE, REDIRECT }

    NatStmt(Kind kind, int addrLo, int addrHi, int portLo, int portHi, boolean random, boolean fullyRandom, boolean persistent, boolean ipKeyword) {
        this(kind, addrLo, addrHi, portLo, portHi, random, fullyRandom, persistent, ipKeyword,
                new NatRange(addrLo, addrHi, portLo, portHi, random, fullyRandom, persistent));
    }

    /** Whether the statement needs a transport protocol match before it (a port mapping). */
    boolean mapsPorts() {
        return portLo != 0;
    }

    @Override
    public NftVerdict eval(SkBuff skb, Hook hook, NftEval ev) {
        Nat nat = skb.ns().conntrack().nat();
        Verdict v = switch (kind) {
            case DNAT -> nat.setup(skb, NatType.DST, range);
            case SNAT -> nat.setup(skb, NatType.SRC, range);
            case MASQUERADE -> nat.masquerade(skb, range);
            case REDIRECT -> redirect(skb, hook, nat);
        };
        return v == Verdict.ACCEPT ? NftVerdict.ACCEPT : NftVerdict.DROP;
    }

    /** nf_nat_redirect_ipv4: to 127.0.0.1 for local output, else to the incoming device's first address. */
    private Verdict redirect(SkBuff skb, Hook hook, Nat nat) {
        int to;
        if (hook == Hook.OUTPUT) {
            to = Ip4.parse("127.0.0.1");
        } else {
            if (skb.inDev() == null || skb.inDev().addresses().isEmpty()) return skb.drop("redirect: no address on the input device");
            Cidr first = skb.inDev().addresses().get(0);
            to = first.address();
        }
        return nat.setup(skb, NatType.DST, new NatRange(to, to, portLo, portHi, random, fullyRandom, persistent));
    }

    @Override
    public boolean needsConntrack() {
        return true;
    }

    @Override
    public void render(StringBuilder sb, NftFamily family, boolean trace) {
        switch (kind) {
            case DNAT, SNAT -> {
                sb.append(kind == Kind.DNAT ? "dnat " : "snat ").append(ipKeyword ? "ip to " : "to ");
                sb.append(Ip4.format(addrLo));
                if (addrHi != addrLo) sb.append('-').append(Ip4.format(addrHi));
                ports(sb);
            }
            case MASQUERADE, REDIRECT -> {
                sb.append(kind == Kind.MASQUERADE ? "masquerade" : "redirect");
                if (portLo != 0) {
                    sb.append(" to ");
                    ports(sb);
                }
            }
        }
        String sep = " ";
        if (random) {
            sb.append(sep).append("random");
            sep = ",";
        }
        if (fullyRandom) {
            sb.append(sep).append("fully-random");
            sep = ",";
        }
        if (persistent) sb.append(sep).append("persistent");
    }

    private void ports(StringBuilder sb) {
        if (portLo == 0) return;
        sb.append(':').append(portLo);
        if (portHi != portLo) sb.append('-').append(portHi);
    }
}
