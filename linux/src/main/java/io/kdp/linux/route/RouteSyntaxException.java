package io.kdp.linux.route;

/**
 * A command line or listing line that {@code ip} / {@code bridge} would not accept. The message is
 * the one iproute2 prints and names the offending word, e.g.
 * {@code Error: either "to" is duplicate, or "foo" is a garbage.}
 */
public class RouteSyntaxException extends IllegalArgumentException {
    public RouteSyntaxException(String message) {
        super(message);
    }

    /** iproute2's invarg(): {@code Error: argument "x" is wrong: <what>}. */
    public static RouteSyntaxException invalidArgument(String what, String word) {
        return new RouteSyntaxException("Error: argument \"" + word + "\" is wrong: " + what);
    }

    /** iproute2's duparg2(): an unknown word after the prefix. */
    public static RouteSyntaxException garbage(String key, String word) {
        return new RouteSyntaxException("Error: either \"" + key + "\" is duplicate, or \"" + word + "\" is a garbage.");
    }

    /** iproute2's incomplete_command(): a keyword at the end of the line with no value. */
    public static RouteSyntaxException incomplete() {
        return new RouteSyntaxException("Command line is not complete. Try option \"help\"");
    }
}
