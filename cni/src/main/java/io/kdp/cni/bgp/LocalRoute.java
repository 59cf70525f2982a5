package io.kdp.cni.bgp;

import io.kdp.linux.RouteType;
import io.kdp.packet.Cidr;

/**
 * A route a speaker's routing daemon has from a source other than BGP and may originate into
 * BGP: a BIRD {@code static} route ({@code route X blackhole;}) or a route {@code kernel}
 * learned from the host's table (a workload's {@code /32 dev caliXXX}).
 *
 * @param prefix     destination
 * @param protocol   the BIRD protocol instance that holds it, e.g. {@code static1}, {@code kernel1}
 * @param preference BIRD's protocol preference (static 200, kernel 10, BGP 100)
 * @param type       {@link RouteType#BLACKHOLE} or {@link RouteType#UNICAST}
 * @param dev        the device of a unicast route, null for a blackhole
 */
public record LocalRoute(Cidr prefix, String protocol, int preference, RouteType type, String dev) {
    public static final int STATIC_PREFERENCE = 200;
    public static final int KERNEL_PREFERENCE = 10;

    public LocalRoute {
        if (prefix == null || prefix.address() != prefix.network()) throw new IllegalArgumentException("local route prefix " + prefix + " has host bits");
        if (type != RouteType.BLACKHOLE && type != RouteType.UNICAST) throw new IllegalArgumentException("local route type " + type);
        if (type == RouteType.UNICAST && (dev == null || dev.isEmpty())) throw new IllegalArgumentException("unicast local route " + prefix + " needs a device");
    }

    /** {@code protocol static { route PREFIX blackhole; }} as Calico's bird_aggr.cfg writes for each affine block. */
    public static LocalRoute staticBlackhole(Cidr prefix) {
        return new LocalRoute(prefix, "static1", STATIC_PREFERENCE, RouteType.BLACKHOLE, null);
    }

    /** A route {@code protocol kernel { learn; }} imported from the host table. */
    public static LocalRoute kernelLearned(Cidr prefix, String dev) {
        return new LocalRoute(prefix, "kernel1", KERNEL_PREFERENCE, RouteType.UNICAST, dev);
    }
}
