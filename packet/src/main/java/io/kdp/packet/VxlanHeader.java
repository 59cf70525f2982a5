package io.kdp.packet;

/** A VXLAN header (RFC 7348 section 5): flags 0x08 (I bit, VNI valid), 24 reserved bits, 24-bit VNI, 8 reserved bits. */
public record VxlanHeader(int flags, int vni) implements TunnelHeader {
    public static final int LENGTH = 8;
    public static final int FLAG_VNI_VALID = 0x08;
    /** IANA port (RFC 7348). */
    public static final int IANA_PORT = 4789;
    /** Linux's default when no dstport is given, used by flannel and Cilium. */
    public static final int LINUX_DEFAULT_PORT = 8472;

    public VxlanHeader {
        if (vni < 0 || vni > 0xffffff) throw new IllegalArgumentException("VNI " + vni + " is not 24 bits");
    }

    public static VxlanHeader of(int vni) {
        return new VxlanHeader(FLAG_VNI_VALID, vni);
    }

    @Override
    public int length() {
        return LENGTH;
    }
}
