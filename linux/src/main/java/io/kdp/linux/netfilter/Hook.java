package io.kdp.linux.netfilter;

/** The five IPv4 netfilter hooks (include/uapi/linux/netfilter_ipv4.h), named as iptables names them. */
public enum Hook {
    PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING;

    /** The lower-case name nftables uses ({@code prerouting}, {@code input}, ...). */
    public String nftName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
