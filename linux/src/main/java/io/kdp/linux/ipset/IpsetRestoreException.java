package io.kdp.linux.ipset;

/**
 * A bad line of {@code ipset restore} input: {@code ipset v7.17: Error in line 3: The set with the
 * given name does not exist}. (ipset itself omits the line number for a few argument errors; this
 * emulation always names the line.)
 */
public class IpsetRestoreException extends Exception {
    private final int line;

    public IpsetRestoreException(int line, String message) {
        super("ipset v" + IpSets.VERSION + ": Error in line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
