package io.kdp.cni.bgp;

import java.util.ArrayList;
import java.util.List;

/**
 * The AS_PATH attribute (RFC 4271 section 4.3, type code 2) as one AS_SEQUENCE of 4-octet AS
 * numbers (RFC 6793); empty for routes originated inside the local AS.
 */
public record AsPath(List<Long> asns) {
    public static final AsPath EMPTY = new AsPath(List.of());

    public AsPath {
        for (Long a : asns) {
            if (a == null || a < 0 || a > 0xffff_ffffL) throw new IllegalArgumentException("AS number " + a + " is not in 0..4294967295");
        }
        asns = List.copyOf(asns);
    }

    public static AsPath of(long... asns) {
        List<Long> l = new ArrayList<>();
        for (long a : asns) l.add(a);
        return new AsPath(l);
    }

    /** The path length the decision process compares (an AS_SEQUENCE counts each AS). */
    public int length() {
        return asns.size();
    }

    /** The path with {@code asn} in front, as a speaker sends it to an external peer (RFC 4271 5.1.2). */
    public AsPath prepend(long asn) {
        List<Long> l = new ArrayList<>(asns.size() + 1);
        l.add(asn);
        l.addAll(asns);
        return new AsPath(l);
    }

    public boolean contains(long asn) {
        return asns.contains(asn);
    }

    /** The neighbouring AS (first in the path), or {@code localAs} for a path from inside the AS (RFC 4271 9.1.2.2 c). */
    public long neighborAs(long localAs) {
        return asns.isEmpty() ? localAs : asns.get(0);
    }

    /** The originating AS (last in the path), or -1 for an empty path. */
    public long originAs() {
        return asns.isEmpty() ? -1 : asns.get(asns.size() - 1);
    }

    /** Space-separated, as {@code BGP.as_path:} prints it (empty for an empty path). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Long a : asns) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(a);
        }
        return sb.toString();
    }
}
