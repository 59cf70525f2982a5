package io.kdp.linux.iptables;

/** A rule or command that does not parse; the restore loader adds the file and line. */
final class RuleSyntaxException extends Exception {
    RuleSyntaxException(String message) {
        super(message, null, false, false);
    }
}
