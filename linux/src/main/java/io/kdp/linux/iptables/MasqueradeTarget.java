package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.NatRange;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code -j MASQUERADE [--to-ports p[-p]] [--random] [--random-fully]} (ipt_MASQUERADE.c): SNAT
 * to the address the outgoing device would choose. Only in nat POSTROUTING.
 */
public record MasqueradeTarget(NatRange range) implements ExtensionTarget {
    @Override
    public String name() { return "MASQUERADE"; }

    @Override
    public void save(StringBuilder sb) {
        if (range.portSpecified()) {
            sb.append(" --to-ports ").append(range.minPort());
            if (range.maxPort() != range.minPort()) sb.append('-').append(range.maxPort());
        }
        if (range.random()) sb.append(" --random");
        if (range.randomFully()) sb.append(" --random-fully");
    }

    @Override
    public int apply(SkBuff skb, Hook hook, Iptables ipt) {
        return Iptables.code(ipt.env().masquerade(skb, range));
    }

    @Override
    public String check(String table, int hookMask) {
        return ExtensionTarget.restrict("MASQUERADE", table, hookMask, "nat", HookMask.of(Hook.POSTROUTING));
    }

    /** Parses {@code --to-ports p[-p]} as MASQUERADE and REDIRECT take it. */
    static int[] ports(String text, RuleBase base) throws RuleSyntaxException {
        if (!NatTarget.portProtocol(base)) throw new RuleSyntaxException("Need TCP, UDP, SCTP or DCCP with port specification");
        int dash = text.indexOf('-');
        int lo = XtParse.port(dash < 0 ? text : text.substring(0, dash));
        int hi = dash < 0 ? lo : XtParse.port(text.substring(dash + 1));
        if (lo == 0 || hi < lo) throw new RuleSyntaxException("Port range \"" + text + "\" invalid");
        return new int[] {lo, hi};
    }

    static final class Builder implements TargetBuilder {
        private String ports;
        private boolean random, randomFully;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            switch (option) {
                case "--to-ports" -> ports = args.value(option);
                case "--random" -> random = true;
                case "--random-fully" -> randomFully = true;
                default -> {
                    return false;
                }
            }
            return true;
        }

        @Override
        public ExtensionTarget build(RuleBase base) throws RuleSyntaxException {
            int[] p = ports == null ? new int[] {0, 0} : ports(ports, base);
            return new MasqueradeTarget(new NatRange(0, 0, p[0], p[1], random, randomFully, false));
        }
    }
}
