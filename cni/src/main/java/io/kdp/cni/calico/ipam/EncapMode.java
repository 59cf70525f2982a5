package io.kdp.cni.calico.ipam;

/**
 * An IPPool's {@code ipipMode} / {@code vxlanMode} (projectcalico.org/v3 IPPoolSpec): encapsulate
 * traffic to every other node, only to nodes outside this node's subnet, or never.
 */
public enum EncapMode {
    ALWAYS("Always"), CROSS_SUBNET("CrossSubnet"), NEVER("Never");

    private final String spelling;

    EncapMode(String spelling) {
        this.spelling = spelling;
    }

    /** As the IPPool manifest spells it: {@code Always}, {@code CrossSubnet}, {@code Never}. */
    public String spelling() {
        return spelling;
    }

    /** Parses the manifest spelling; an empty or null value is {@code Never}, as Calico defaults it. */
    public static EncapMode parse(String s) {
        if (s == null || s.isEmpty()) return NEVER;
        for (EncapMode m : values()) {
            if (m.spelling.equals(s)) return m;
        }
        throw new IllegalArgumentException("'" + s + "' is not an encapsulation mode (Always, CrossSubnet or Never)");
    }

    @Override
    public String toString() {
        return spelling;
    }
}
