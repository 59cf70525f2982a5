package io.kdp.cluster;

import io.kdp.cni.NodeNetwork;
import io.kdp.linux.NetNamespace;

/** A node as built: its root network namespace and what the CNI knows of it. */
public record NodeHost(String name, NetNamespace ns, NodeNetwork network) {}
