package io.kdp.cni.flannel;

/** What one flannel backend does on one node (pkg/backend Backend.RegisterNetwork, then the lease watch). */
interface BackendNetwork {
    /** Creates the backend's devices and returns this node's lease. */
    Lease register();

    /** A remote node's lease appeared (subnet.EventAdded): program the path to its subnet. */
    void leaseAdded(Lease remote);

    /** The MTU pods get ({@code FLANNEL_MTU}). */
    int mtu();
}
