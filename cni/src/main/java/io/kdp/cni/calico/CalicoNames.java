package io.kdp.cni.calico;

import io.kdp.packet.MacAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names and constants of Calico's data plane (cni-plugin k8s.go, Felix's vxlan manager). */
public final class CalicoNames {
    private CalicoNames() {}

    /** Felix's workload interface prefix (FELIX_INTERFACEPREFIX). */
    public static final String IFACE_PREFIX = "cali";
    /** The link-local gateway every pod routes through; answered by proxy ARP on the host side. */
    public static final String GATEWAY = "169.254.1.1";
    /** The MAC Calico's CNI plugin gives every host-side veth, so it never changes across restarts. */
    public static final MacAddress HOST_VETH_MAC = MacAddress.parse("ee:ee:ee:ee:ee:ee");
    /** Felix's VXLAN device, VNI and port (FelixConfiguration vxlanVNI, vxlanPort). */
    public static final String VXLAN_DEVICE = "vxlan.calico";
    public static final int VXLAN_VNI = 4096;
    public static final int VXLAN_PORT = 4789;
    /** Felix's route protocol for the routes it programs itself (VXLAN routes and blackholes). */
    public static final int FELIX_ROUTE_PROTOCOL = 80;

    /**
     * The host-side veth of a pod (VethNameForWorkload): {@code cali} plus the first 11 hex digits of
     * sha1({@code <namespace>.<pod>}), e.g. {@code default/client} -> {@code calib4d2fbd3e5a}.
     *
     * @param pod {@code namespace/name}
     */
    public static String vethName(String pod) {
        int slash = pod.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("pod " + pod + " is not namespace/name");
        String key = pod.substring(0, slash) + "." + pod.substring(slash + 1);
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8));
            return IFACE_PREFIX + HexFormat.of().formatHex(h).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
