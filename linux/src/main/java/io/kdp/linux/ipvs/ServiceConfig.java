package io.kdp.linux.ipvs;

/**
 * The settable part of a virtual service ({@code ipvsadm -A/-E} options).
 *
 * @param scheduler scheduler name ({@code -s}, default {@code wlc})
 * @param persistent {@code -p} given
 * @param timeout persistence timeout in seconds ({@code -p N}; 300 when {@code -p} has no value)
 * @param netmask persistence granularity ({@code -M}, default 255.255.255.255)
 * @param schedFlags scheduler flags ({@code -b}): {@link #SCHED1}, {@link #SCHED2}, {@link #SCHED3}
 * @param onePacket one-packet scheduling for UDP ({@code -o}, IP_VS_SVC_F_ONEPACKET)
 */
public record ServiceConfig(String scheduler, boolean persistent, int timeout, int netmask, int schedFlags, boolean onePacket) {
    /** ipvsadm's default scheduler when {@code -s} is absent (DEF_SCHED). */
    public static final String DEFAULT_SCHEDULER = "wlc";
    /** IP_VS_PERSISTENT_TIMEOUT / ipvsadm's default for {@code -p} without a value. */
    public static final int DEFAULT_PERSISTENT_TIMEOUT = 300;
    /** IP_VS_SVC_F_SCHED1 ({@code sh-fallback}, {@code mh-fallback}), SCHED2 ({@code *-port}), SCHED3. */
    public static final int SCHED1 = 0x0008, SCHED2 = 0x0010, SCHED3 = 0x0020;

    public ServiceConfig {
        if (scheduler == null || scheduler.isEmpty()) scheduler = DEFAULT_SCHEDULER;
        if (persistent && timeout <= 0) throw new IllegalArgumentException("persistence timeout must be positive: " + timeout);
    }

    /** A non-persistent service with the given scheduler. */
    public static ServiceConfig of(String scheduler) {
        return new ServiceConfig(scheduler, false, 0, -1, 0, false);
    }

    /** A persistent service ({@code -p timeout}), as kube-proxy makes for sessionAffinity ClientIP. */
    public static ServiceConfig persistent(String scheduler, int timeout) {
        return new ServiceConfig(scheduler, true, timeout, -1, 0, false);
    }
}
