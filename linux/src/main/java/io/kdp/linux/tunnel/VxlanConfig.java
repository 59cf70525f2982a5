package io.kdp.linux.tunnel;

import io.kdp.packet.Ip4;
import io.kdp.packet.VxlanHeader;

/**
 * The configuration of a VXLAN device (struct vxlan_config), as {@code ip link add NAME type vxlan
 * ...} sets it, with the kernel's defaults: dstport 8472 when none or 0 is given (the module's
 * {@code udp_port}, not IANA's 4789), source ports from the ephemeral range ({@code srcport 0 0}),
 * learning on, UDP checksums on ({@code udpcsum}: VXLAN_F_UDP_ZERO_CSUM_TX is set only by
 * {@code noudpcsum}), TTL 0 ("auto": the route's hop limit, 64, or 1 to a multicast group), TOS 0,
 * DF unset, FDB ageing 300 s.
 *
 * @param vni        24-bit VXLAN network identifier ({@code id})
 * @param dstPort    outer UDP destination port and the port the device listens on
 * @param local      outer source address, 0 for "chosen by routing"
 * @param remote     {@code remote} or {@code group}: the default destination (an all-zeros FDB entry), 0 for none
 * @param dev        the underlay device ({@code dev}), null for none
 * @param learning   learn inner source MAC -> outer source IP on receive
 * @param udpCsum    compute the outer UDP checksum (else send 0)
 * @param ttl        outer TTL, 0 for auto
 * @param tos        outer TOS, 1 for {@code inherit}
 * @param srcPortMin lower bound of the outer source port range (inclusive); min >= max means the ephemeral range
 * @param srcPortMax upper bound (exclusive, as udp_flow_src_port scales into [min, max))
 * @param df         the DF policy
 * @param ageing     FDB ageing time in seconds
 */
public record VxlanConfig(int vni, int dstPort, int local, int remote, String dev, boolean learning, boolean udpCsum,
                          int ttl, int tos, int srcPortMin, int srcPortMax, Df df, int ageing) {
    /** The vxlan module's default udp_port. */
    public static final int DEFAULT_PORT = VxlanHeader.LINUX_DEFAULT_PORT;
    /** FDB_AGE_DEFAULT: 300 s. */
    public static final int DEFAULT_AGEING = 300;

    public VxlanConfig {
        if (vni < 0 || vni > 0xffffff) throw new TunnelSyntaxException("Error: argument \"" + vni + "\" is wrong: invalid id");
        if (dstPort == 0) dstPort = DEFAULT_PORT; // vxlan_config_apply: no port means the module's udp_port
        if (dstPort < 0 || dstPort > 0xffff) throw TunnelSyntaxException.invarg("dst port", Integer.toString(dstPort));
        if (ttl < 0 || ttl > 255) throw TunnelSyntaxException.invarg("TTL must be <= 255", Integer.toString(ttl));
        if (df == null) df = Df.UNSET;
    }

    /** {@code id VNI dstport PORT [local IP] [dev DEV] [nolearning]}, everything else at its default. */
    public static VxlanConfig of(int vni, int dstPort, int local, String dev, boolean learning) {
        return new VxlanConfig(vni, dstPort, local, 0, dev, learning, true, 0, 0, 0, 0, Df.UNSET, DEFAULT_AGEING);
    }

    /** This configuration with UDP checksums on or off ({@code [no]udpcsum}). */
    public VxlanConfig withUdpCsum(boolean on) {
        return new VxlanConfig(vni, dstPort, local, remote, dev, learning, on, ttl, tos, srcPortMin, srcPortMax, df, ageing);
    }

    /**
     * Parses the arguments after {@code type vxlan}, e.g.
     * {@code id 1 dev eth0 local 192.168.49.2 dstport 8472 nolearning}. Accepted: id, vni, local,
     * remote, group, dev, dstport, srcport MIN MAX, [no]learning, [no]udpcsum, ttl N|inherit|auto,
     * tos N|inherit, df set|unset|inherit, ageing N|none.
     *
     * @throws TunnelSyntaxException with iproute2's message
     */
    public static VxlanConfig parse(String args) {
        String[] w = args == null || args.isBlank() ? new String[0] : args.trim().split("\\s+");
        Integer vni = null;
        int port = 0, local = 0, remote = 0, ttl = 0, tos = 0, min = 0, max = 0, ageing = DEFAULT_AGEING;
        String dev = null;
        boolean learning = true, csum = true;
        Df df = Df.UNSET;
        for (int i = 0; i < w.length; i++) {
            String k = w[i];
            switch (k) {
                case "id", "vni" -> {
                    String v = arg(w, ++i, k);
                    vni = number(v, 0xffffff, "invalid id");
                }
                case "local" -> local = address(arg(w, ++i, k), "invalid local address");
                case "remote", "group" -> remote = address(arg(w, ++i, k), "invalid " + k + " address");
                case "dev" -> dev = arg(w, ++i, k);
                case "dstport" -> port = number(arg(w, ++i, k), 0xffff, "dst port");
                case "srcport", "port" -> {
                    min = number(arg(w, ++i, k), 0xffff, "min port");
                    max = number(arg(w, ++i, k), 0xffff, "max port");
                }
                case "learning" -> learning = true;
                case "nolearning" -> learning = false;
                case "udpcsum" -> csum = true;
                case "noudpcsum" -> csum = false;
                case "ttl", "hoplimit" -> {
                    String v = arg(w, ++i, k);
                    ttl = v.equals("inherit") || v.equals("auto") ? 0 : number(v, 255, "invalid TTL");
                }
                case "tos", "dsfield" -> {
                    String v = arg(w, ++i, k);
                    tos = v.equals("inherit") ? 1 : number(v, 255, "bad TOS value");
                }
                case "df" -> {
                    String v = arg(w, ++i, k);
                    df = switch (v) {
                        case "set" -> Df.SET;
                        case "unset" -> Df.UNSET;
                        case "inherit" -> Df.INHERIT;
                        default -> throw TunnelSyntaxException.invarg("df", v);
                    };
                }
                case "ageing" -> {
                    String v = arg(w, ++i, k);
                    ageing = v.equals("none") ? 0 : number(v, Integer.MAX_VALUE, "ageing timer");
                }
                default -> throw new TunnelSyntaxException("vxlan: unknown command \"" + k + "\"?");
            }
        }
        if (vni == null) throw new TunnelSyntaxException("vxlan: missing virtual network identifier");
        return new VxlanConfig(vni, port, local, remote, dev, learning, csum, ttl, tos, min, max, df, ageing);
    }

    /**
     * The vxlan line of {@code ip -d link show}, as iproute2's vxlan_print_opt writes it, e.g.
     * {@code vxlan id 1 local 192.168.49.2 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder("vxlan id ").append(vni).append(' ');
        if (remote != 0) sb.append(Ip4.isMulticast(remote) ? "group " : "remote ").append(Ip4.format(remote)).append(' ');
        if (local != 0) sb.append("local ").append(Ip4.format(local)).append(' ');
        if (dev != null) sb.append("dev ").append(dev).append(' ');
        sb.append("srcport ").append(srcPortMin).append(' ').append(srcPortMax).append(' ');
        sb.append("dstport ").append(dstPort).append(' ');
        if (!learning) sb.append("nolearning ");
        if (tos == 1) sb.append("tos inherit ");
        else if (tos != 0) sb.append(String.format("tos 0x%x ", tos));
        sb.append(ttl == 0 ? "ttl auto " : "ttl " + ttl + " ");
        if (df != Df.UNSET) sb.append("df ").append(df.name().toLowerCase()).append(' ');
        sb.append(ageing == 0 ? "ageing none " : "ageing " + ageing + " ");
        sb.append(udpCsum ? "udpcsum " : "noudpcsum ");
        sb.append("noudp6zerocsumtx noudp6zerocsumrx");
        return sb.toString();
    }

    private static String arg(String[] w, int i, String key) {
        if (i >= w.length) throw new TunnelSyntaxException("Command line is not complete. Try option \"help\"");
        return w[i];
    }

    private static int number(String v, int max, String what) {
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > max) throw TunnelSyntaxException.invarg(what, v);
            return (int) n;
        } catch (NumberFormatException e) {
            throw TunnelSyntaxException.invarg(what, v);
        }
    }

    private static int address(String v, String what) {
        try {
            return Ip4.parse(v);
        } catch (IllegalArgumentException e) {
            throw TunnelSyntaxException.invarg(what, v);
        }
    }
}
