package io.kdp.linux.nftables;

/**
 * One set or map element: a packed key (an interval {@code [key, keyEnd]} in interval sets), or the
 * key text for IPv6 keys; for verdict maps the verdict, for data maps the value; an optional
 * comment and expiry.
 */
final class NftElement {
    final long key;
    final long keyEnd;
    /** The key as written, for keys that cannot be packed (IPv6); else null. */
    final String textKey;
    final NftVerdict verdict;
    final long data;
    final String comment;
    /** Virtual-clock expiry in nanoseconds, 0 for never. */
    long expires;

    NftElement(long key, long keyEnd, String textKey, NftVerdict verdict, long data, String comment, long expires) {
        this.key = key;
        this.keyEnd = keyEnd;
        this.textKey = textKey;
        this.verdict = verdict;
        this.data = data;
        this.comment = comment;
        this.expires = expires;
    }

    boolean expired(long now) {
        return expires != 0 && now >= expires;
    }

    /** Whether the element maps to the same thing as {@code o} (re-adding an identical element is allowed). */
    boolean sameData(NftElement o) {
        return java.util.Objects.equals(verdict, o.verdict) && data == o.data;
    }
}
