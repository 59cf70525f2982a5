package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.netfilter.Hook;

/**
 * One {@code -m module ...} match of a rule (struct xt_entry_match with its xtables extension):
 * it parses from and prints back to iptables-save syntax, and tests a packet.
 */
public sealed interface Match
        permits PortMatch, IcmpMatch, MultiportMatch, CommentMatch, AddrtypeMatch, MarkMatch, ConntrackMatch,
                StatisticMatch, RecentMatch, SetMatch, PhysdevMatch, IpvsMatch {
    /** The module name iptables-save prints after {@code -m}. */
    String module();

    /** Appends the options exactly as iptables-save prints them, each preceded by a space. */
    void save(StringBuilder sb);

    /** Tests the packet; must not allocate. */
    boolean matches(SkBuff skb, Hook hook, Iptables ipt);

    /** Whether testing has no side effect (such matches may be tested before earlier ones). */
    default boolean pure() {
        return true;
    }

    /**
     * The kernel's checkentry for the hooks the rule is reachable from (a bit per
     * {@link Hook#ordinal()}); returns an error message, or null when valid.
     */
    default String checkHooks(String table, int hookMask) {
        return null;
    }
}
