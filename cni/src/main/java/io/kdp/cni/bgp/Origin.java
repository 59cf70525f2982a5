package io.kdp.cni.bgp;

/** The ORIGIN path attribute (RFC 4271 section 4.3, type code 1); lower is preferred. */
public enum Origin {
    IGP(0, 'i', "IGP"), EGP(1, 'e', "EGP"), INCOMPLETE(2, '?', "Incomplete");

    private final int code;
    private final char birdCode;
    private final String birdName;

    Origin(int code, char birdCode, String birdName) {
        this.code = code;
        this.birdCode = birdCode;
        this.birdName = birdName;
    }

    /** The attribute value on the wire. */
    public int code() {
        return code;
    }

    /** The letter BIRD prints after the AS in {@code show route}: {@code [i]}, {@code [AS64513e]}, {@code [?]}. */
    public char birdCode() {
        return birdCode;
    }

    /** As {@code show route all} prints {@code BGP.origin}. */
    public String birdName() {
        return birdName;
    }
}
