package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import io.kdp.packet.IcmpHeader;
import io.kdp.packet.IpProtocol;

/**
 * {@code -j REJECT --reject-with TYPE} (ipt_REJECT.c): answers with an ICMP destination
 * unreachable of the given code or a TCP reset, then drops. Only usable from INPUT, FORWARD and
 * OUTPUT. iptables-save always prints the type, {@code icmp-port-unreachable} by default.
 */
public record RejectTarget(With with) implements ExtensionTarget {
    /** The reject types libipt_REJECT.c knows, with their short aliases. */
    public enum With {
        ICMP_NET_UNREACHABLE("icmp-net-unreachable", "net-unreach", IcmpHeader.NET_UNREACHABLE),
        ICMP_HOST_UNREACHABLE("icmp-host-unreachable", "host-unreach", IcmpHeader.HOST_UNREACHABLE),
        ICMP_PROT_UNREACHABLE("icmp-proto-unreachable", "proto-unreach", IcmpHeader.PROTOCOL_UNREACHABLE),
        ICMP_PORT_UNREACHABLE("icmp-port-unreachable", "port-unreach", IcmpHeader.PORT_UNREACHABLE),
        ICMP_NET_PROHIBITED("icmp-net-prohibited", "net-prohib", IcmpHeader.NET_PROHIBITED),
        ICMP_HOST_PROHIBITED("icmp-host-prohibited", "host-prohib", IcmpHeader.HOST_PROHIBITED),
        TCP_RESET("tcp-reset", "tcp-rst", -1),
        ICMP_ADMIN_PROHIBITED("icmp-admin-prohibited", "admin-prohib", IcmpHeader.ADMIN_PROHIBITED);

        private final String keyword;
        private final String alias;
        private final int code;

        With(String keyword, String alias, int code) {
            this.keyword = keyword;
            this.alias = alias;
            this.code = code;
        }

        /** The name iptables-save prints. */
        public String keyword() { return keyword; }

        /** The ICMP destination-unreachable code, -1 for tcp-reset. */
        public int code() { return code; }
    }

    @Override
    public String name() { return "REJECT"; }

    @Override
    public void save(StringBuilder sb) {
        sb.append(" --reject-with ").append(with.keyword);
    }

    @Override
    public int apply(SkBuff skb, Hook hook, Iptables ipt) {
        if (with == With.TCP_RESET) ipt.env().sendTcpReset(skb);
        else ipt.env().sendIcmpError(skb, IcmpHeader.DEST_UNREACHABLE, with.code);
        skb.rejected(true);
        skb.drop("REJECT --reject-with " + with.keyword);
        return DROP;
    }

    @Override
    public String check(String table, int hookMask) {
        return ExtensionTarget.restrict("REJECT", table, hookMask, null, HookMask.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT));
    }

    static final class Builder implements TargetBuilder {
        private With with = With.ICMP_PORT_UNREACHABLE;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            if (!option.equals("--reject-with")) return false;
            String v = args.value(option);
            for (With w : With.values()) {
                if (w.keyword.equals(v) || w.alias.equals(v)) {
                    with = w;
                    return true;
                }
            }
            throw new RuleSyntaxException("unknown reject type \"" + v + "\"");
        }

        @Override
        public ExtensionTarget build(RuleBase base) throws RuleSyntaxException {
            if (with == With.TCP_RESET && !base.is(IpProtocol.TCP)) throw new RuleSyntaxException("REJECT: TCP_RESET invalid for non-tcp (use -p tcp)");
            return new RejectTarget(with);
        }
    }
}
