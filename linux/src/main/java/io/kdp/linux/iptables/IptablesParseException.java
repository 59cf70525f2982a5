package io.kdp.linux.iptables;

/**
 * A rule set that iptables-restore (or iptables) would refuse, with the file and line it came
 * from: {@code rules:12: unknown option "--foo"}.
 */
public final class IptablesParseException extends IllegalArgumentException {
    private final String file;
    private final int line;
    private final String reason;

    public IptablesParseException(String file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** The name the rules were loaded under. */
    public String file() { return file; }

    /** The 1-based line number. */
    public int line() { return line; }

    /** The message without the file and line. */
    public String reason() { return reason; }
}
