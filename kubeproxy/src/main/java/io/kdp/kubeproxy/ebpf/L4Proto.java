package io.kdp.kubeproxy.ebpf;

/** Cilium's u8proto names (pkg/u8proto) for the protocol byte of its map keys and values. */
final class L4Proto {
    private L4Proto() {}

    static String name(int proto) {
        return switch (proto) {
            case 0 -> "ANY";
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 58 -> "ICMPv6";
            case 132 -> "SCTP";
            default -> "ANY";
        };
    }
}
