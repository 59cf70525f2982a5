package io.kdp.cluster.offline;

/**
 * The IPVS side of a kube-proxy IPVS-mode node, as {@code kdp iptables trace --ipset/--ipvs} reads it: its
 * {@code ipset save} and {@code ipvsadm-save -n} output. Either may be absent (null text).
 *
 * @param ipsetSource the name errors in the ipset dump cite (a file name)
 * @param ipset the {@code ipset save} text, or null
 * @param ipvsSource the name errors in the IPVS dump cite
 * @param ipvs the {@code ipvsadm-save -n} text, or null
 */
public record IpvsNodeDumps(String ipsetSource, String ipset, String ipvsSource, String ipvs) {
    /** No IPVS dumps: a plain iptables node. */
    public static final IpvsNodeDumps NONE = new IpvsNodeDumps(null, null, null, null);

    /** Whether there is anything to load. */
    public boolean isEmpty() {
        return ipset == null && ipvs == null;
    }
}
