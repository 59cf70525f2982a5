package io.kdp.linux.ipvs;

import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;

/**
 * What identifies a virtual service: {@code (protocol, address, port)}, or a firewall mark
 * ({@code -f}) with protocol, address and port zero.
 */
public record ServiceKey(int protocol, int address, int port, int fwmark) {
    /** A TCP/UDP/SCTP service on an address and port ({@code -t}/{@code -u}/{@code --sctp-service}). */
    public static ServiceKey of(int protocol, int address, int port) {
        return new ServiceKey(protocol, address, port, 0);
    }

    /** A firewall-mark service ({@code -f MARK}). */
    public static ServiceKey fwmark(int mark) {
        return new ServiceKey(0, 0, 0, mark);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    /** ipvsadm's protocol word, {@code TCP}, {@code UDP} or {@code SCTP}. */
    static String protoName(int protocol) {
        return switch (protocol) {
            case IpProtocol.TCP -> "TCP";
            case IpProtocol.UDP -> "UDP";
            case IpProtocol.SCTP -> "SCTP";
            default -> IpProtocol.name(protocol).toUpperCase(java.util.Locale.ROOT);
        };
    }

    /** The option naming this service in ipvsadm commands: {@code -t 10.96.0.1:443}, {@code -f 5}. */
    public String option() {
        if (isFwmark()) return "-f " + Integer.toUnsignedString(fwmark);
        String opt = switch (protocol) {
            case IpProtocol.TCP -> "-t";
            case IpProtocol.UDP -> "-u";
            default -> "--sctp-service";
        };
        return opt + " " + Ip4.format(address) + ":" + port;
    }

    @Override
    public String toString() {
        return isFwmark() ? "FWM " + Integer.toUnsignedString(fwmark) : protoName(protocol) + " " + Ip4.format(address) + ":" + port;
    }
}
