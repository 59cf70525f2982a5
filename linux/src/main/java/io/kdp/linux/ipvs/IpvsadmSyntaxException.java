package io.kdp.linux.ipvs;

/** An {@code ipvsadm-restore} line that could not be parsed or was refused, naming its line number. */
public class IpvsadmSyntaxException extends Exception {
    private final int line;

    public IpvsadmSyntaxException(int line, String message) {
        super(line > 0 ? "ipvsadm-restore: line " + line + ": " + message : "ipvsadm: " + message);
        this.line = line;
    }

    /** The 1-based line number, or 0 for a single command. */
    public int line() {
        return line;
    }
}
