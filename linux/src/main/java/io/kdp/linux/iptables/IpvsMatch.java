package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.ipvs.IpvsConnection;
import io.kdp.linux.netfilter.Hook;
import io.kdp.packet.Cidr;
import io.kdp.packet.Ip4;

/**
 * {@code -m ipvs} (xt_ipvs.c, the options kube-proxy uses): {@code --ipvs} matches packets IPVS handled
 * (skb->ipvs_property); {@code --vproto}, {@code --vaddr} and {@code --vport} test the IPVS connection found for the
 * packet the way ipvs_mt finds it (conn_out_get on the packet's own addresses) against the protocol, virtual
 * address and virtual port. iptables-save prints the protocol as a number and the address with its mask.
 *
 * @param property {@code --ipvs}: null when not given, else whether it is required (false for {@code ! --ipvs})
 * @param vproto protocol number, 0 when not given
 * @param vport virtual port, -1 when not given
 */
public record IpvsMatch(Boolean property, int vproto, boolean invProto, Cidr vaddr, boolean invAddr, int vport, boolean invPort)
        implements Match {
    @Override
    public String module() { return "ipvs"; }

    @Override
    public void save(StringBuilder sb) {
        if (property != null) sb.append(property ? "" : " !").append(" --ipvs");
        if (vproto != 0) sb.append(invProto ? " !" : "").append(" --vproto ").append(vproto);
        if (vaddr != null) sb.append(invAddr ? " !" : "").append(" --vaddr ").append(Ip4.format(vaddr.address())).append('/')
                .append(Ip4.format(vaddr.mask()));
        if (vport >= 0) sb.append(invPort ? " !" : "").append(" --vport ").append(vport);
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        boolean match = skb.ipvsProperty() ^ (property != null && !property);
        if (!match || (vproto == 0 && vaddr == null && vport < 0)) return match;
        if (!skb.ipvsProperty()) return false;
        var p = skb.packet();
        if (vproto != 0 && (p.protocol() == vproto) == invProto) return false;
        IpvsConnection cp = skb.ns().ipvs().connections().outGet(p.protocol(), p.src(), p.srcPort(), p.dst(), p.dstPort(), skb.ns().clock().nanos());
        if (cp == null) return false;
        if (vaddr != null && vaddr.contains(cp.virtualAddress()) == invAddr) return false;
        return vport < 0 || (cp.virtualPort() == vport) != invPort;
    }

    static final class Builder implements MatchBuilder {
        private Boolean property;
        private int vproto, vport = -1;
        private Cidr vaddr;
        private boolean invProto, invAddr, invPort;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            switch (option) {
                case "--ipvs" -> property = !invert;
                case "--vproto" -> {
                    String v = args.value(option);
                    vproto = switch (v) {
                        case "tcp" -> 6;
                        case "udp" -> 17;
                        case "sctp" -> 132;
                        case "icmp" -> 1;
                        default -> XtParse.number(v, 0, 255, "--vproto");
                    };
                    invProto = invert;
                }
                case "--vaddr" -> {
                    String v = args.value(option);
                    try {
                        vaddr = v.contains("/") ? Cidr.parse(v).toNetwork() : Cidr.host(Ip4.parse(v));
                    } catch (IllegalArgumentException e) {
                        throw new RuleSyntaxException("host/network `" + v + "' not found");
                    }
                    invAddr = invert;
                }
                case "--vport" -> { vport = XtParse.number(args.value(option), 0, 65535, "--vport"); invPort = invert; }
                default -> { return false; }
            }
            return true;
        }

        @Override
        public Match build(RuleBase base) {
            return new IpvsMatch(property, vproto, invProto, vaddr, invAddr, vport, invPort);
        }
    }
}
