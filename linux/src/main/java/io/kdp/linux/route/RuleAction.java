package io.kdp.linux.route;

/** What a policy rule does when it matches (FR_ACT_*). */
public enum RuleAction {
    /** FR_ACT_TO_TBL: look the destination up in the rule's table; a miss or {@code throw} continues. */
    LOOKUP,
    /** FR_ACT_BLACKHOLE: drop silently. */
    BLACKHOLE,
    /** FR_ACT_UNREACHABLE: ENETUNREACH. */
    UNREACHABLE,
    /** FR_ACT_PROHIBIT: EACCES. */
    PROHIBIT;

    /** Keyword as {@code ip rule} prints and accepts it ({@code lookup} is printed with its table). */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
