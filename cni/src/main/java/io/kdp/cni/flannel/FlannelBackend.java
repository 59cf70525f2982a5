package io.kdp.cni.flannel;

/**
 * Flannel's backends (net-conf.json {@code Backend.Type}) that kdp models, with the encapsulation
 * overhead each takes off the uplink's MTU for FLANNEL_MTU (pkg/backend/vxlan: 50; udp: 28, outer
 * IPv4 and UDP; host-gw: none).
 */
public enum FlannelBackend {
    VXLAN("vxlan", 50),
    HOST_GW("host-gw", 0),
    UDP("udp", 28);

    private final String type;
    private final int overhead;

    FlannelBackend(String type, int overhead) {
        this.type = type;
        this.overhead = overhead;
    }

    /** The type as net-conf.json and the node annotation {@code flannel.alpha.coreos.com/backend-type} write it. */
    public String type() {
        return type;
    }

    /** Bytes of encapsulation per packet. */
    public int overhead() {
        return overhead;
    }

    /** The backend of a type name, e.g. {@code host-gw}. */
    public static FlannelBackend of(String type) {
        for (FlannelBackend b : values()) if (b.type.equals(type)) return b;
        throw new IllegalArgumentException("unknown flannel backend type \"" + type + "\" (supported: vxlan, host-gw, udp)");
    }
}
