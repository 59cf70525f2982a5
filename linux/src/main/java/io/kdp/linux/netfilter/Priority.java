package io.kdp.linux.netfilter;

/**
 * Hook priorities from include/uapi/linux/netfilter_ipv4.h ({@code enum nf_ip_hook_priorities});
 * lower runs first.
 */
public final class Priority {
    private Priority() {}

    public static final int CONNTRACK_DEFRAG = -400;
    public static final int RAW = -300;
    public static final int SELINUX_FIRST = -225;
    public static final int CONNTRACK = -200;
    public static final int MANGLE = -150;
    public static final int NAT_DST = -100;
    public static final int FILTER = 0;
    public static final int SECURITY = 50;
    public static final int NAT_SRC = 100;
    public static final int SELINUX_LAST = 225;
    public static final int CONNTRACK_HELPER = 300;
    public static final int CONNTRACK_CONFIRM = Integer.MAX_VALUE;
}
