package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/** {@code -m mark --mark value[/mask]} revision 1 (xt_mark.c): {@code (skb->mark & mask) == value}. */
public record MarkMatch(int mark, int mask, boolean invert) implements Match {
    @Override
    public String module() { return "mark"; }

    @Override
    public void save(StringBuilder sb) {
        if (invert) sb.append(" !");
        sb.append(" --mark ").append(XtParse.hex(mark));
        if (mask != -1) sb.append('/').append(XtParse.hex(mask));
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        return ((skb.mark() & mask) == mark) != invert;
    }

    static final class Builder implements MatchBuilder {
        private MarkMatch m;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            if (!option.equals("--mark")) return false;
            if (m != null) throw new RuleSyntaxException("multiple --mark flags not allowed");
            int[] v = XtParse.markMask(args.value(option), "mark");
            m = new MarkMatch(v[0], v[1], invert);
            return true;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (m == null) throw new RuleSyntaxException("mark match: option \"--mark\" must be specified");
            return m;
        }
    }
}
