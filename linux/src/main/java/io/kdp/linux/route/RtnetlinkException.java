package io.kdp.linux.route;

/**
 * A request the kernel (or iproute2 before sending it) refuses. The message is exactly what
 * {@code ip} prints, e.g. {@code RTNETLINK answers: File exists} or
 * {@code Error: Nexthop has invalid gateway.}
 */
public class RtnetlinkException extends IllegalArgumentException {
    /** EEXIST as {@code ip} reports it. */
    public static final String FILE_EXISTS = "RTNETLINK answers: File exists";
    /** ESRCH: {@code ip route del} of a route that is not there. */
    public static final String NO_SUCH_PROCESS = "RTNETLINK answers: No such process";
    /** ENOENT: {@code ip rule del}, {@code ip neigh del}, {@code bridge fdb del} of a missing entry. */
    public static final String NO_SUCH_FILE = "RTNETLINK answers: No such file or directory";
    /** ENODEV: a unicast route with neither gateway nor device. */
    public static final String NO_SUCH_DEVICE = "RTNETLINK answers: No such device";
    /** fib_check_nh_v4_gw: the gateway is not reachable through a link- or host-scope route. */
    public static final String INVALID_GATEWAY = "Error: Nexthop has invalid gateway.";
    /** fib_check_nh_v4_gw: {@code onlink} without {@code dev}. */
    public static final String ONLINK_NEEDS_DEVICE = "Error: Nexthop device required for onlink.";
    /** rtm_to_fib_config: host bits set in the destination. */
    public static final String INVALID_PREFIX = "Error: Invalid prefix for given prefix length.";

    public RtnetlinkException(String message) {
        super(message);
    }
}
