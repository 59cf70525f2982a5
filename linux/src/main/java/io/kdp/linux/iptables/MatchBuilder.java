package io.kdp.linux.iptables;

/** Collects one match module's options while a rule is parsed (an xtables_match's x6_parse). */
interface MatchBuilder {
    /**
     * Takes {@code option} if this module knows it, reading its value from {@code args}.
     *
     * @return false when the option is not this module's
     */
    boolean option(String option, boolean invert, Args args) throws RuleSyntaxException;

    /** Final check (x6_fcheck) and the finished match. */
    Match build(RuleBase base) throws RuleSyntaxException;
}
