package io.kdp.linux.iptables;

/** What a match or target may check about the rule's IP part while it is built: the protocol. */
record RuleBase(int protocol, boolean invertProtocol) {
    /** Whether the rule is restricted to exactly this protocol. */
    boolean is(int proto) {
        return protocol == proto && !invertProtocol;
    }
}
