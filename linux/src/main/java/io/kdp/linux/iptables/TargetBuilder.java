package io.kdp.linux.iptables;

/** Collects one target extension's options while a rule is parsed. */
interface TargetBuilder {
    /** Takes {@code option} if the target knows it; false otherwise. */
    boolean option(String option, boolean invert, Args args) throws RuleSyntaxException;

    /** Final check and the finished target. */
    ExtensionTarget build(RuleBase base) throws RuleSyntaxException;
}
