package io.kdp.kubeproxy.ipvs;

import io.kdp.linux.ipvs.ServiceConfig;
import io.kdp.linux.ipvs.ServiceKey;
import io.kdp.packet.Ip4;
import io.kdp.packet.IpProtocol;

/**
 * kube-proxy's {@code utilipvs.VirtualServer} for one (address, protocol, port): the scheduler, and the flags
 * kube-proxy sets: {@code FlagPersistent} with the affinity timeout for sessionAffinity ClientIP, and
 * {@code FlagSourceHash} (0x10, IP_VS_SVC_F_SCHED2, which ipvsadm prints {@code mh-port}) for the {@code mh}
 * scheduler. {@code persistence} is 0 when not persistent.
 */
public record VirtualServerSpec(int protocol, int address, int port, String scheduler, int persistence) {
    /** The kernel's key of this service. */
    public ServiceKey key() {
        return ServiceKey.of(protocol, address, port);
    }

    /** The scheduler flags kube-proxy asks for. */
    public int schedFlags() {
        return scheduler.equals("mh") ? ServiceConfig.SCHED2 : 0;
    }

    /** The settings as the kernel stores them (netmask 255.255.255.255, as netlink sets it). */
    public ServiceConfig config() {
        return new ServiceConfig(scheduler, persistence > 0, persistence, -1, schedFlags(), false);
    }

    /**
     * VirtualServer.Equal against what the kernel holds: scheduler, flags and timeout (address, protocol and port
     * are the key).
     */
    public boolean sameAs(ServiceConfig applied) {
        return applied.scheduler().equals(scheduler) && applied.persistent() == (persistence > 0)
                && (persistence == 0 || applied.timeout() == persistence) && applied.schedFlags() == schedFlags();
    }

    /** The ipvsadm options describing the service: {@code -t 10.96.0.1:443 -s rr -p 10800}. */
    public String options() {
        StringBuilder sb = new StringBuilder(key().option()).append(" -s ").append(scheduler);
        if (schedFlags() != 0) sb.append(" -b mh-port");
        if (persistence > 0) sb.append(" -p ").append(persistence);
        return sb.toString();
    }

    /** {@code TCP 10.96.0.1:443}, as kube-proxy logs a VirtualServer (its String() is proto/addr:port). */
    @Override
    public String toString() {
        return IpProtocol.name(protocol).toUpperCase(java.util.Locale.ROOT) + " " + Ip4.format(address) + ":" + port;
    }
}
