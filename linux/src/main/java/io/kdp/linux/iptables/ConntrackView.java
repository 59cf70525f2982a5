package io.kdp.linux.iptables;

import io.kdp.linux.SkBuff;
import io.kdp.linux.conntrack.CtStatus;

/**
 * What {@code -m conntrack} needs from the packet's conntrack entry beyond {@link SkBuff#ctInfo()}:
 * the NAT status bits and the original-direction destination. Wired by the stack to the conntrack
 * implementation; {@link #ENTRY} reads {@link io.kdp.linux.conntrack.ConntrackEntry} and is the default.
 */
public interface ConntrackView {
    /** IPS_SRC_NAT: the connection is source-NATed ({@code --ctstate SNAT}). */
    boolean srcNat(SkBuff skb);

    /** IPS_DST_NAT: the connection is destination-NATed ({@code --ctstate DNAT}). */
    boolean dstNat(SkBuff skb);

    /** The original tuple's destination address ({@code --ctorigdst}). */
    int origDst(SkBuff skb);

    /** The original tuple's destination port ({@code --ctorigdstport}). */
    int origDstPort(SkBuff skb);

    /** Reads the packet's conntrack entry: its status bits and original tuple (the default). */
    ConntrackView ENTRY = new ConntrackView() {
        @Override
        public boolean srcNat(SkBuff skb) {
            return skb.ct() != null && skb.ct().has(CtStatus.SRC_NAT);
        }

        @Override
        public boolean dstNat(SkBuff skb) {
            return skb.ct() != null && skb.ct().has(CtStatus.DST_NAT);
        }

        @Override
        public int origDst(SkBuff skb) {
            return skb.ct().original().dst();
        }

        @Override
        public int origDstPort(SkBuff skb) {
            return skb.ct().original().dstPort();
        }
    };
}
