package io.kdp.linux.iptables;

import io.kdp.linux.RouteType;
import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;
import java.util.Locale;

/**
 * {@code -m addrtype} revision 1 (xt_addrtype.c): the route type of the source and/or destination
 * address ({@code LOCAL}, {@code UNICAST}, ...), optionally restricted to the in/out device.
 *
 * @param srcTypes bit per {@link RouteType#ordinal()}, 0 when not given
 */
public record AddrtypeMatch(int srcTypes, boolean invertSrc, int dstTypes, boolean invertDst, boolean limitIn, boolean limitOut)
        implements Match {
    @Override
    public String module() { return "addrtype"; }

    @Override
    public void save(StringBuilder sb) {
        if (srcTypes != 0) {
            if (invertSrc) sb.append(" !");
            sb.append(" --src-type ");
            types(sb, srcTypes);
        }
        if (dstTypes != 0) {
            if (invertDst) sb.append(" !");
            sb.append(" --dst-type ");
            types(sb, dstTypes);
        }
        if (limitIn) sb.append(" --limit-iface-in");
        if (limitOut) sb.append(" --limit-iface-out");
    }

    private static void types(StringBuilder sb, int mask) {
        boolean first = true;
        for (RouteType t : RouteType.values()) {
            if ((mask & (1 << t.ordinal())) == 0) continue;
            if (!first) sb.append(',');
            sb.append(t.addrtypeName());
            first = false;
        }
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        var dev = limitIn ? skb.inDev() : limitOut ? skb.outDev() : null;
        XtEnvironment env = ipt.env();
        if (srcTypes != 0) {
            int t = 1 << env.addressType(skb.packet().src(), dev).ordinal();
            if (((t & srcTypes) != 0) == invertSrc) return false;
        }
        if (dstTypes != 0) {
            int t = 1 << env.addressType(skb.packet().dst(), dev).ordinal();
            if (((t & dstTypes) != 0) == invertDst) return false;
        }
        return true;
    }

    @Override
    public String checkHooks(String table, int hookMask) {
        // addrtype_mt_checkentry_v1
        if (limitIn && (hookMask & HookMask.of(Hook.POSTROUTING, Hook.OUTPUT)) != 0) {
            return "addrtype: input interface limitation not valid in POSTROUTING and OUTPUT";
        }
        if (limitOut && (hookMask & HookMask.of(Hook.PREROUTING, Hook.INPUT)) != 0) {
            return "addrtype: output interface limitation not valid in PREROUTING and INPUT";
        }
        return null;
    }

    static final class Builder implements MatchBuilder {
        private int src, dst;
        private boolean invS, invD, in, out;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            switch (option) {
                case "--src-type" -> {
                    if (src != 0) throw new RuleSyntaxException("addrtype: can't specify src-type twice");
                    src = parse(args.value(option));
                    invS = invert;
                }
                case "--dst-type" -> {
                    if (dst != 0) throw new RuleSyntaxException("addrtype: can't specify dst-type twice");
                    dst = parse(args.value(option));
                    invD = invert;
                }
                case "--limit-iface-in" -> in = true;
                case "--limit-iface-out" -> out = true;
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static int parse(String text) throws RuleSyntaxException {
            int m = 0;
            outer:
            for (String w : text.split(",", -1)) {
                for (RouteType t : RouteType.values()) {
                    if (t.addrtypeName().equals(w.toUpperCase(Locale.ROOT))) {
                        m |= 1 << t.ordinal();
                        continue outer;
                    }
                }
                throw new RuleSyntaxException("addrtype: bad type \"" + w + "\"");
            }
            return m;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (src == 0 && dst == 0) throw new RuleSyntaxException("addrtype: you must specify --src-type or --dst-type");
            if (in && out) throw new RuleSyntaxException("addrtype: you can't specify both --limit-iface-in and --limit-iface-out");
            return new AddrtypeMatch(src, invS, dst, invD, in, out);
        }
    }
}
