package io.kdp.linux.conntrack;

import io.kdp.linux.NetDevice;

/**
 * How MASQUERADE picks its source address: inet_select_addr(out, nexthop, RT_SCOPE_UNIVERSE). The
 * default asks the namespace ({@link io.kdp.linux.NetNamespace#masqueradeSource}); tests may
 * substitute their own.
 */
@FunctionalInterface
public interface MasqueradeSource {
    /** The source address for packets leaving {@code out} towards {@code nextHop}, or 0 if the device has none. */
    int select(NetDevice out, int nextHop);

    MasqueradeSource NAMESPACE = (out, nextHop) -> out.ns().masqueradeSource(out, nextHop);
}
