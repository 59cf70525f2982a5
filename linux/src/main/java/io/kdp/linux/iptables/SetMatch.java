package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code -m set --match-set NAME src|dst[,...]} (xt_set.c revision 4): whether the packet's key,
 * built from the source or destination of each dimension, is in an ipset.
 *
 * @param srcFlags bit {@code i} set when dimension {@code i} takes the source
 */
public record SetMatch(String set, int dimensions, int srcFlags, boolean invert) implements Match {
    @Override
    public String module() { return "set"; }

    @Override
    public void save(StringBuilder sb) {
        if (invert) sb.append(" !");
        sb.append(" --match-set ").append(set);
        for (int i = 0; i < dimensions; i++) sb.append(i == 0 ? ' ' : ',').append((srcFlags & (1 << i)) != 0 ? "src" : "dst");
    }

    @Override
    public boolean matches(SkBuff skb, Hook hook, Iptables ipt) {
        return ipt.ipsets().test(set, skb, dimensions, srcFlags) != invert;
    }

    static final class Builder implements MatchBuilder {
        private SetMatch m;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            if (!option.equals("--match-set")) return false;
            if (m != null) throw new RuleSyntaxException("--match-set can be specified only once");
            String name = args.value(option);
            if (name.length() >= 32) throw new RuleSyntaxException("setname \"" + name + "\" too long, max 31 characters.");
            String[] dirs = args.value(option).split(",", -1);
            if (dirs.length > 6) throw new RuleSyntaxException("Can't be more src/dst options than 6.");
            int flags = 0;
            for (int i = 0; i < dirs.length; i++) {
                if (dirs[i].equals("src")) flags |= 1 << i;
                else if (!dirs[i].equals("dst")) throw new RuleSyntaxException("You must specify (the comma separated list of) 'src' or 'dst'.");
            }
            m = new SetMatch(name, dirs.length, flags, invert);
            return true;
        }

        @Override
        public Match build(RuleBase base) throws RuleSyntaxException {
            if (m == null) throw new RuleSyntaxException("You must specify `--match-set' with proper arguments");
            return m;
        }
    }
}
