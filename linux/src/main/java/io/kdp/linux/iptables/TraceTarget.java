package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/** {@code -j TRACE} (xt_TRACE.c): only in the raw table. The emulator traces through its own tracer, so it just continues. */
public record TraceTarget() implements ExtensionTarget {
    @Override
    public String name() { return "TRACE"; }

    @Override
    public void save(StringBuilder sb) {}

    @Override
    public int apply(SkBuff skb, Hook hook, Iptables ipt) {
        return CONTINUE;
    }

    @Override
    public String check(String table, int hookMask) {
        return ExtensionTarget.restrict("TRACE", table, hookMask, "raw", HookMask.of(Hook.PREROUTING, Hook.OUTPUT));
    }

    @Override
    public String traceVerdict() { return "continue"; }
}
