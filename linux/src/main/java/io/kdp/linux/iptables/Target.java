package io.kdp.linux.iptables;

/**
 * What a matching rule does ({@code -j} / {@code -g}): a standard verdict, a jump or goto to a
 * user chain, or an extension target.
 */
public sealed interface Target permits StandardTarget, JumpTarget, ExtensionTarget {
    /** The name iptables-save prints after {@code -j}. */
    String name();

    /** Appends the target's options as iptables-save prints them, each preceded by a space. */
    void save(StringBuilder sb);
}
