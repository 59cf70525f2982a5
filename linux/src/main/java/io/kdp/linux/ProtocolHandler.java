package io.kdp.linux;

/**
 * A receiver for packets that end at this host but belong to a tunnel rather than a socket: IP-in-IP
 * (protocol 4, ipip_rcv) or a UDP encapsulation socket (vxlan_rcv on its port).
 */
@FunctionalInterface
public interface ProtocolHandler {
    /** Takes the packet after INPUT. */
    void receive(SkBuff skb);
}
