package io.kdp.linux.nftables;

/** The nftables address families kdp models (NFPROTO_IPV4, NFPROTO_IPV6, NFPROTO_INET). */
public enum NftFamily {
    /** {@code ip}: IPv4 hooks only. */
    IP("ip"),
    /** {@code ip6}: parsed and listed, but its chains never see the emulator's IPv4 packets. */
    IP6("ip6"),
    /** {@code inet}: both; its chains see IPv4 packets. */
    INET("inet");

    private final String keyword;

    NftFamily(String keyword) {
        this.keyword = keyword;
    }

    /** The word nft uses ({@code ip}, {@code ip6}, {@code inet}). */
    public String keyword() {
        return keyword;
    }

    /** The family of that keyword, or null. */
    public static NftFamily of(String word) {
        for (NftFamily f : values()) if (f.keyword.equals(word)) return f;
        return null;
    }

    /** Whether the family's base chains hook the IPv4 stack. */
    public boolean seesIpv4() {
        return this != IP6;
    }
}
