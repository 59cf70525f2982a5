package io.kdp.cni.cilium;

import io.kdp.packet.Cidr;
import java.util.Objects;

/**
 * The agent settings kdp models (the cilium-config ConfigMap): the routing mode, the
 * {@code ipv4-native-routing-cidr} (the cluster's pod network: traffic to it is never masqueraded
 * and, in native mode, routed as is) and the device MTU. Cilium always replaces kube-proxy here
 * ({@code kube-proxy-replacement: true}, socket LB on), so its clusters run proxy mode ebpf.
 */
public record CiliumConfig(RoutingMode routingMode, Cidr nativeRoutingCidr, int deviceMtu) {
    /** The VXLAN port Cilium uses ({@code tunnel-port} default for vxlan: the Linux default 8472). */
    public static final int VXLAN_PORT = 8472;
    /** Outer Ethernet, IPv4, UDP and VXLAN: what a tunnel route's MTU leaves out. */
    public static final int TUNNEL_OVERHEAD = 50;

    public CiliumConfig {
        Objects.requireNonNull(routingMode, "routingMode");
        Objects.requireNonNull(nativeRoutingCidr, "nativeRoutingCidr");
        if (deviceMtu < 576 || deviceMtu > 65535) throw new IllegalArgumentException("device MTU " + deviceMtu + " is out of range");
    }

    /** Defaults: MTU 1500. */
    public static CiliumConfig of(RoutingMode mode, Cidr clusterCidr) {
        return new CiliumConfig(mode, clusterCidr.toNetwork(), 1500);
    }

    /** The MTU Cilium puts on its routes (pkg/mtu: the device MTU less the tunnel overhead in tunnel mode). */
    public int routeMtu() {
        return routingMode == RoutingMode.TUNNEL ? deviceMtu - TUNNEL_OVERHEAD : deviceMtu;
    }
}
