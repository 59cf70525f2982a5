package io.kdp.linux.ipvs;

import io.kdp.linux.SkBuff;

/**
 * How IPVS hands a packet it rewrote back to the stack, implemented by the namespace's IPv4 output
 * path. ip_vs_nat_xmit routes the packet to the real server itself and, through
 * ip_vs_nat_send_or_cont, runs it through {@code NF_HOOK(NF_INET_LOCAL_OUT, ..., dst_output)}: the
 * OUTPUT hook as if locally generated, then POSTROUTING and the device. The skb arrives with
 * {@link SkBuff#ipvsProperty()} set, so IPVS's own hook functions let it pass.
 */
@FunctionalInterface
public interface IpvsTransmitter {
    /** Routes {@code skb}'s packet by its (new) destination, runs OUTPUT and POSTROUTING, and transmits it. */
    void sendLocalOut(SkBuff skb);
}
