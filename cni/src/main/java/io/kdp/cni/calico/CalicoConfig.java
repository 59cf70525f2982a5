package io.kdp.cni.calico;

import io.kdp.cni.calico.ipam.EncapMode;
import io.kdp.cni.calico.ipam.IpPool;
import io.kdp.cni.calico.ipam.IpamConfig;
import io.kdp.packet.Cidr;
import java.util.List;

/**
 * How a Calico cluster is configured: the default IPPool (calico-node's {@code CALICO_IPV4POOL_*}
 * environment), IPAMConfiguration's strictAffinity, and the BGP topology.
 *
 * @param poolCidr         the default pool, {@code CALICO_IPV4POOL_CIDR} (the cluster CIDR)
 * @param blockSize        {@code CALICO_IPV4POOL_BLOCK_SIZE}, 26 by default
 * @param ipipMode         {@code CALICO_IPV4POOL_IPIP}: Always in the calico.yaml manifest
 * @param vxlanMode        {@code CALICO_IPV4POOL_VXLAN}: Never in the manifest; with VXLAN, BIRD does not run
 *                         ({@code calico_backend: vxlan}) and Felix programs the routes
 * @param natOutgoing      {@code CALICO_IPV4POOL_NAT_OUTGOING}, true by default
 * @param strictAffinity   IPAMConfiguration strictAffinity: no borrowing
 * @param routeReflectors  nodes with {@code spec.bgp.routeReflectorClusterID}; non-empty turns the
 *                         node-to-node mesh off and peers every node with them
 * @param clusterId        the route reflectors' cluster ID
 * @param exportHostRoutes false models a BGPFilter rejecting /32 exports
 *                         ({@code exportV4: [{action: Reject, prefixLength: {min: 32}}]}): a borrowed
 *                         address is then never advertised, the known blackhole problem
 */
public record CalicoConfig(Cidr poolCidr, int blockSize, EncapMode ipipMode, EncapMode vxlanMode, boolean natOutgoing,
                           boolean strictAffinity, List<String> routeReflectors, String clusterId, boolean exportHostRoutes) {
    /** The cluster ID route reflectors get when none is given (Calico's docs use it throughout). */
    public static final String DEFAULT_CLUSTER_ID = "244.0.0.1";

    public CalicoConfig {
        routeReflectors = List.copyOf(routeReflectors);
        if (clusterId == null) clusterId = DEFAULT_CLUSTER_ID;
        pool(poolCidr, blockSize, ipipMode, vxlanMode, natOutgoing); // validates like IPPool does
    }

    /** The calico.yaml defaults: IPIP Always, natOutgoing, /26 blocks, full mesh. */
    public static CalicoConfig defaults(Cidr clusterCidr) {
        return new CalicoConfig(clusterCidr, IpPool.DEFAULT_BLOCK_SIZE, EncapMode.ALWAYS, EncapMode.NEVER, true, false, List.of(),
                DEFAULT_CLUSTER_ID, true);
    }

    /** {@code default-ipv4-ippool}. */
    public IpPool pool() {
        return pool(poolCidr, blockSize, ipipMode, vxlanMode, natOutgoing);
    }

    private static IpPool pool(Cidr cidr, int blockSize, EncapMode ipip, EncapMode vxlan, boolean nat) {
        return new IpPool("default-ipv4-ippool", cidr, blockSize, ipip, vxlan, nat, "all()");
    }

    public IpamConfig ipamConfig() {
        return new IpamConfig(strictAffinity, 0);
    }

    /** BIRD runs (calico_backend bird) unless the pool uses VXLAN. */
    public boolean bird() {
        return vxlanMode == EncapMode.NEVER;
    }

    /** The overhead Calico's MTU auto-detection takes off the uplink MTU for workload veths and tunnels. */
    public int encapOverhead() {
        if (vxlanMode != EncapMode.NEVER) return 50;
        if (ipipMode != EncapMode.NEVER) return 20;
        return 0;
    }
}
