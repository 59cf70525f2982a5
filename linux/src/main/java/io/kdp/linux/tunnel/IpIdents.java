package io.kdp.linux.tunnel;

import java.util.HashMap;
import java.util.Map;

/**
 * The IPv4 identification a tunnel puts in its outer header (__ip_select_ident, net/ipv4/route.c):
 * a counter per (destination, source, protocol) bucket, advancing by one per packet. The kernel
 * starts each bucket at a boot-time random value and adds a random jump after idle time; here the
 * start is a hash of the key, so runs are reproducible.
 */
final class IpIdents {
    private final Map<Long, int[]> counters = new HashMap<>();

    int next(int src, int dst, int protocol) {
        long key = ((long) dst << 32) ^ (src & 0xffff_ffffL) ^ ((long) protocol << 56);
        int[] c = counters.computeIfAbsent(key, k -> new int[] {mix(k)});
        return c[0]++ & 0xffff;
    }

    private static int mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return (int) k;
    }
}
