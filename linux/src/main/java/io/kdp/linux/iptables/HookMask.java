package io.kdp.linux.iptables;

import io.kdp.linux.netfilter.Hook;
import java.util.StringJoiner;

/** Sets of hooks as bit masks (a bit per {@link Hook#ordinal()}), as x_tables' hook_mask. */
final class HookMask {
    private HookMask() {}

    static int of(Hook... hooks) {
        int m = 0;
        for (Hook h : hooks) m |= 1 << h.ordinal();
        return m;
    }

    static String names(int mask) {
        StringJoiner j = new StringJoiner("/");
        for (Hook h : Hook.values()) if ((mask & (1 << h.ordinal())) != 0) j.add(h.name());
        return j.toString();
    }

    /** The kernel's "used from hooks X, but only usable from Y" check; null when fine. */
    static String check(String what, int used, int allowed) {
        if ((used & ~allowed) == 0) return null;
        return what + ": used from hooks " + names(used) + ", but only usable from " + names(allowed);
    }
}
