package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * {@code -j CT --notrack} and its alias {@code -j NOTRACK} (xt_CT.c): the packet is not tracked by
 * conntrack. Only in the raw table. Each form is saved as written (rev 2 keeps the alias flag).
 */
public record CtTarget(boolean notrackAlias) implements ExtensionTarget {
    @Override
    public String name() { return notrackAlias ? "NOTRACK" : "CT"; }

    @Override
    public void save(StringBuilder sb) {
        if (!notrackAlias) sb.append(" --notrack");
    }

    @Override
    public int apply(SkBuff skb, Hook hook, Iptables ipt) {
        if (skb.ct() == null) skb.untracked(true);
        return CONTINUE;
    }

    @Override
    public String check(String table, int hookMask) {
        return ExtensionTarget.restrict(name(), table, hookMask, "raw", HookMask.of(Hook.PREROUTING, Hook.OUTPUT));
    }

    @Override
    public String traceVerdict() { return "continue"; }

    static final class Builder implements TargetBuilder {
        private final boolean alias;
        private boolean notrack;

        Builder(boolean alias) {
            this.alias = alias;
        }

        @Override
        public boolean option(String option, boolean invert, Args args) {
            if (alias || !option.equals("--notrack")) return false;
            notrack = true;
            return true;
        }

        @Override
        public ExtensionTarget build(RuleBase base) throws RuleSyntaxException {
            if (!alias && !notrack) throw new RuleSyntaxException("CT target: only --notrack is supported by the emulator");
            return new CtTarget(alias);
        }
    }
}
