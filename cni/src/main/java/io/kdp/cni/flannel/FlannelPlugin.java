package io.kdp.cni.flannel;

import io.kdp.cni.CniPlugin;
import io.kdp.cni.NodeNetwork;
import io.kdp.cni.PodAttachment;
import io.kdp.k8s.model.NetworkPolicy;
import io.kdp.linux.NetNamespace;
import io.kdp.packet.Cidr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flannel: flanneld on every node ({@link Flanneld}) with one backend ({@code flannel-vxlan},
 * {@code flannel-host-gw}, {@code flannel-udp}), and the flannel CNI plugin delegating each pod to the
 * bridge plugin ({@link BridgeDelegate}). Nodes learn each other's leases as flanneld's lease
 * watch reports them: a node that starts learns the leases already there, and those nodes learn its.
 * Flannel enforces no NetworkPolicy ({@link #unenforcedPolicies}).
 */
public final class FlannelPlugin implements CniPlugin {
    private final FlannelBackend backend;
    private final Cidr network;
    private final Map<String, Flanneld> daemons = new LinkedHashMap<>();

    /**
     * @param network the flannel network (net-conf.json {@code Network}, the cluster CIDR)
     */
    public FlannelPlugin(FlannelBackend backend, Cidr network) {
        this.backend = backend;
        this.network = network.toNetwork();
    }

    @Override
    public String name() {
        return "flannel-" + backend.type();
    }

    public FlannelBackend backend() {
        return backend;
    }

    @Override
    public void setupNode(NodeNetwork node, List<NodeNetwork> cluster) {
        if (daemons.containsKey(node.name())) throw new IllegalStateException("flanneld already runs on " + node.name());
        Flanneld d = new Flanneld(node, network, backend);
        Lease lease = d.start();
        for (Flanneld other : daemons.values()) {
            d.leaseAdded(other.lease());
            other.leaseAdded(lease);
        }
        daemons.put(node.name(), d);
    }

    @Override
    public PodAttachment addPod(NodeNetwork node, String pod, NetNamespace podNs, int address) {
        Flanneld d = daemons.get(node.name());
        // The flannel CNI plugin fails when subnet.env is missing: flanneld is not running on the node.
        if (d == null) throw new IllegalStateException("failed to load flannel 'subnet.env' file on " + node.name() + ": flanneld is not running there");
        return BridgeDelegate.add(node.ns(), d.subnetEnv(), pod, podNs, address);
    }

    /** The flanneld of each node set up so far, in setup order. */
    public Map<String, Flanneld> daemons() {
        return Collections.unmodifiableMap(daemons);
    }

    /** One note per policy: Flannel programs nothing for NetworkPolicy, so none is enforced. */
    public static List<String> unenforcedPolicies(List<NetworkPolicy> policies) {
        List<String> notes = new ArrayList<>();
        for (NetworkPolicy p : policies) notes.add("NetworkPolicy " + p.key() + " is not enforced: Flannel has no policy support");
        return notes;
    }
}
