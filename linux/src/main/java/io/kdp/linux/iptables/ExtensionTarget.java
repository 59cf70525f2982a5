package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/** A target extension (struct xt_target): it acts on the packet and says whether to go on. */
public sealed interface ExtensionTarget extends Target
        permits RejectTarget, NatTarget, MasqueradeTarget, RedirectTarget, MarkTarget, ConnmarkTarget, LogTarget, CtTarget, TraceTarget {
    /** Continue with the next rule (XT_CONTINUE). */
    int CONTINUE = 0;
    /** Stop with NF_ACCEPT. */
    int ACCEPT = 1;
    /** Stop with NF_DROP. */
    int DROP = 2;
    /** Stop with NF_STOLEN. */
    int STOLEN = 3;

    /** Runs the target; returns {@link #CONTINUE}, {@link #ACCEPT}, {@link #DROP} or {@link #STOLEN}. Must not allocate. */
    int apply(SkBuff skb, Hook hook, Iptables ipt);

    /**
     * The kernel's xt_check_target for the table and the hooks the rule is reachable from
     * (a bit per {@link Hook#ordinal()}); an error message, or null when valid.
     */
    default String check(String table, int hookMask) {
        return null;
    }

    /** What a trace shows the rule decided: the target name, or {@code continue} for targets that go on. */
    default String traceVerdict() {
        return name();
    }

    /** xt_check_target's table and hook restrictions. */
    static String restrict(String target, String table, int hookMask, String onlyTable, int allowedHooks) {
        if (onlyTable != null && !onlyTable.equals(table)) return target + " target: only valid in " + onlyTable + " table, not " + table;
        return HookMask.check(target + " target", hookMask, allowedHooks);
    }
}
