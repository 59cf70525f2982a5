package io.kdp.linux.nftables;

/**
 * A rejected {@code nft} input or command, with the message nft would print:
 * {@code FILE:LINE:FIRST-LAST: Error: MESSAGE} (columns 1-based, inclusive). The whole transaction
 * it belonged to has been rolled back, as nft's batches are atomic.
 */
public class NftException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final String detail;

    public NftException(String source, int line, int firstColumn, int lastColumn, String detail) {
        super(source + ":" + line + ":" + firstColumn + "-" + lastColumn + ": Error: " + detail);
        this.source = source;
        this.line = line;
        this.detail = detail;
    }

    /** The file name or label the input came from. */
    public String source() { return source; }

    /** The 1-based line of the offending word. */
    public int line() { return line; }

    /** The message without the position prefix. */
    public String detail() { return detail; }
}
