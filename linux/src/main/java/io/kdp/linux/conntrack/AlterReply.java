package io.kdp.linux.conntrack;

/**
 * nf_conntrack_alter_reply (net/netfilter/nf_conntrack_core.c) for subsystems outside the NAT core:
 * IPVS with {@code net.ipv4.vs.conntrack=1} (ip_vs_update_conntrack) rewrites the expected reply
 * tuple of a not yet confirmed entry after it DNATed the packet itself, so replies from the real
 * server are recognised and iptables MASQUERADE still applies.
 */
public final class AlterReply {
    private AlterReply() {}

    /** Sets the reply tuple of an unconfirmed entry; returns false (and changes nothing) once confirmed. */
    public static boolean alter(ConntrackEntry ct, ConntrackTuple newReply) {
        if (ct.confirmed()) return false;
        ct.reply(newReply);
        return true;
    }
}
