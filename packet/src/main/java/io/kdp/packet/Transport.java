package io.kdp.packet;

/** A transport-layer header carried in IPv4: TCP, UDP or ICMP. */
public sealed interface Transport permits TcpHeader, UdpHeader, IcmpHeader {
    /** Header length on the wire in bytes. */
    int headerLength();

    /**
     * Source port, or for ICMP echo the identifier (conntrack keys echo by id), else 0.
     */
    int srcPort();

    /** Destination port, or for ICMP the type/code as conntrack keys it, else 0. */
    int dstPort();
}
