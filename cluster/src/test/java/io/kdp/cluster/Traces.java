package io.kdp.cluster;

import io.kdp.cluster.trace.PacketTrace;
import io.kdp.linux.trace.Hop;
import io.kdp.linux.trace.Step;
import io.kdp.packet.IpProtocol;
import io.kdp.packet.Packet;
import java.util.List;

/** Views of a traced packet that the cluster-level trace tests assert on. */
public final class Traces {
    private Traces() {}

    /** The hosts the packet visited, in order. */
    public static List<String> hosts(PacketTrace p) {
        return p.hops().stream().map(Hop::host).toList();
    }

    /** Every step, in order. */
    public static List<Step> steps(PacketTrace p) {
        return p.hops().stream().flatMap(h -> h.steps().stream()).toList();
    }

    /** The steps taken on {@code host}. */
    public static List<Step> steps(PacketTrace p, String host) {
        return p.hops().stream().filter(h -> h.host().equals(host)).flatMap(h -> h.steps().stream()).toList();
    }

    /** Steps of one kind, in order. */
    public static <T extends Step> List<T> steps(PacketTrace p, Class<T> kind) {
        return steps(p).stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** {@code host rx|tx device} for every receive and transmit step, in order: the devices the packet crossed. */
    public static List<String> devices(PacketTrace p) {
        List<String> out = new java.util.ArrayList<>();
        for (Hop h : p.hops()) {
            for (Step s : h.steps()) {
                if (s instanceof Step.Receive r) out.add(h.host() + " rx " + r.device());
                else if (s instanceof Step.Transmit x) out.add(h.host() + " tx " + x.device());
            }
        }
        return out;
    }

    /** A device's MAC address as text. */
    public static String mac(Cluster c, String host, String dev) {
        return c.host(host).device(dev).mac().toString();
    }

    /** The address rewrites, in order. */
    public static List<Step.Nat> nats(PacketTrace p) {
        return steps(p).stream().filter(s -> s instanceof Step.Nat).map(s -> (Step.Nat) s).toList();
    }

    /** The table lookups (IPVS, maps, FDB), in order. */
    public static List<Step.Lookup> lookups(PacketTrace p) {
        return steps(p).stream().filter(s -> s instanceof Step.Lookup).map(s -> (Step.Lookup) s).toList();
    }

    /** The last packet a pod's TCP listener on {@code port} received. */
    public static Packet lastReceived(Cluster c, String pod, int port) {
        var s = c.pod(pod).ns().sockets().lookup(IpProtocol.TCP, 0, port);
        return s.received().get(s.received().size() - 1);
    }
}
