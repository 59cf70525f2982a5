package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code -j MARK} revision 2 (xt_mark.c): {@code mark = (mark & ~mask) ^ value}. Every form is
 * saved as {@code --set-xmark value/mask} (iptables 1.8.9): {@code --or-mark 0x4000} prints
 * {@code --set-xmark 0x4000/0x4000}, {@code --xor-mark 0x4000} prints {@code --set-xmark 0x4000/0x0},
 * {@code --set-mark 0x1} prints {@code --set-xmark 0x1/0xffffffff}.
 */
public record MarkTarget(int mark, int mask) implements ExtensionTarget {
    @Override
    public String name() { return "MARK"; }

    @Override
    public void save(StringBuilder sb) {
        sb.append(" --set-xmark ").append(XtParse.hex(mark)).append('/').append(XtParse.hex(mask));
    }

    @Override
    public int apply(SkBuff skb, Hook hook, Iptables ipt) {
        skb.mark((skb.mark() & ~mask) ^ mark);
        return CONTINUE;
    }

    @Override
    public String traceVerdict() { return "continue"; }

    static final class Builder implements TargetBuilder {
        private MarkTarget t;

        @Override
        public boolean option(String option, boolean invert, Args args) throws RuleSyntaxException {
            MarkTarget n;
            switch (option) {
                case "--set-xmark" -> {
                    int[] v = XtParse.markMask(args.value(option), "mark");
                    n = new MarkTarget(v[0], v[1]);
                }
                case "--set-mark" -> {
                    int[] v = XtParse.markMask(args.value(option), "mark");
                    n = new MarkTarget(v[0], v[0] | v[1]);
                }
                case "--and-mark" -> n = new MarkTarget(0, ~XtParse.uint32(args.value(option), "mark"));
                case "--or-mark" -> {
                    int v = XtParse.uint32(args.value(option), "mark");
                    n = new MarkTarget(v, v);
                }
                case "--xor-mark" -> n = new MarkTarget(XtParse.uint32(args.value(option), "mark"), 0);
                default -> {
                    return false;
                }
            }
            if (t != null) throw new RuleSyntaxException("MARK target: Can't specify --set-mark twice");
            t = n;
            return true;
        }

        @Override
        public ExtensionTarget build(RuleBase base) throws RuleSyntaxException {
            if (t == null) throw new RuleSyntaxException("MARK target: Parameter --set/and/or/xor-mark is required");
            return t;
        }
    }
}
