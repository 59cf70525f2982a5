package io.kdp.k8s.policy;

import io.kdp.k8s.model.Pod;
import io.kdp.packet.Ip4;

/** One end of a {@link Connection}: a pod of the cluster, or an address with no pod behind it. */
public sealed interface ConnectionEnd {
    /** The end's IPv4 address, or {@link #hasAddress()} false (a pod not yet given an IP). */
    int address();

    boolean hasAddress();

    /** {@code namespace/name} for a pod, the address otherwise. */
    String describe();

    static ConnectionEnd pod(Pod pod) {
        return new OfPod(pod);
    }

    /** An address outside the pod network, e.g. {@code 203.0.113.7} or a node's address. */
    static ConnectionEnd ip(String address) {
        return new OfIp(Ip4.parse(address));
    }

    static ConnectionEnd ip(int address) {
        return new OfIp(address);
    }

    /** A pod; its address is {@code status.podIP} (for a hostNetwork pod, the node's address). */
    record OfPod(Pod pod) implements ConnectionEnd {
        public OfPod {
            if (pod == null) throw new IllegalArgumentException("connection end: pod is null");
        }

        @Override
        public int address() {
            String ip = pod.status().podIP();
            if (ip.isEmpty()) throw new IllegalStateException("pod " + pod.key() + " has no IP");
            return Ip4.parse(ip);
        }

        @Override
        public boolean hasAddress() {
            return Ip4.isValid(pod.status().podIP());
        }

        public boolean hostNetwork() {
            return pod.spec().hostNetwork();
        }

        @Override
        public String describe() {
            return pod.key();
        }
    }

    /** An address that is not a pod (external host, node, load balancer). */
    record OfIp(int address) implements ConnectionEnd {
        @Override
        public boolean hasAddress() {
            return true;
        }

        @Override
        public String describe() {
            return Ip4.format(address);
        }
    }
}
