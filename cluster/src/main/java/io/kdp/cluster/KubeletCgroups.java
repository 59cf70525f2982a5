package io.kdp.cluster;

import io.kdp.linux.bpf.Cgroup;

/**
 * The cgroup v2 hierarchy the kubelet (systemd cgroup driver) creates: each node's root, and below
 * {@code /kubepods.slice/kubepods-besteffort.slice} one slice per pod, which the pod's processes
 * (kdp: its network namespace's sockets) run in. Programs attached to a node's root, such as
 * Cilium's socket load balancer, thereby reach every pod of that node. hostNetwork pods share the
 * node's namespace and its root cgroup. (kdp names a pod's slice after its namespace and name; the
 * kubelet uses the pod UID.)
 */
final class KubeletCgroups {
    private KubeletCgroups() {}

    static void place(Cluster cluster) {
        for (NodeHost node : cluster.nodes().values()) {
            if (node.ns().cgroup() == null) node.ns().cgroup(Cgroup.root(node.ns()));
        }
        for (PodHost pod : cluster.pods().values()) {
            NodeHost node = cluster.nodes().get(pod.node());
            if (node == null || pod.ns() == node.ns() || pod.ns().cgroup() != null) continue;
            String slice = "kubepods-besteffort-pod" + pod.key().replace('/', '_').replace('-', '_') + ".slice";
            pod.ns().cgroup(node.ns().cgroup().root().child("kubepods.slice").child("kubepods-besteffort.slice").child(slice));
        }
    }
}
