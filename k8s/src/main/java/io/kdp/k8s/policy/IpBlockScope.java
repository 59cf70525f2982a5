package io.kdp.k8s.policy;

/**
 * Which addresses an {@code ipBlock} peer can match. The API leaves it open: ipBlock is meant for cluster-external
 * IPs ("Pod IPs are ephemeral and unpredictable"), and whether it matches pod IPs is up to the plugin.
 */
public enum IpBlockScope {
    /**
     * ipBlock matches any address, pod IPs and node IPs included. Calico's behaviour (a CIDR in a rule is an IP
     * set match on the packet), and what the upstream netpol e2e tests expect (for example "should enforce except
     * clause while egress access to server in CIDR block" puts a pod IP in the except list).
     */
    ALL_ADDRESSES,
    /**
     * ipBlock matches only addresses outside the cluster: never a pod (its traffic carries the pod's security
     * identity) nor a node address (host / remote-node identity). Cilium's default: it classifies an address as
     * in-cluster first and applies CIDR rules only to the world identity (node IPs need
     * {@code policy-cidr-match-mode: nodes}).
     */
    CLUSTER_EXTERNAL
}
